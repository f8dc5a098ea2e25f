/** Benchmarks (issue 9). */
package xyz.pura.bench;
