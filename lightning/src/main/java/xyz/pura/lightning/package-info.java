/** Lightning backends behind one interface (issue 6). */
package xyz.pura.lightning;
