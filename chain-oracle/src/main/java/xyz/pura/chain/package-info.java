/**
 * The chain oracle: reads GDA pool units with web3j and publishes weight updates to {@code pura.weights}.
 * Not built yet (issue 7); the module exists so that the build has the map's shape.
 */
package xyz.pura.chain;
