/**
 * The cost model: the versioned rate card ({@link xyz.pura.events.pricing.RateCard}) and the gateway's
 * token estimate ({@link xyz.pura.events.pricing.TokenEstimator}). Money is exact nano-USD; no floating point.
 */
package xyz.pura.events.pricing;
