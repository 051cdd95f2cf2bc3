/**
 * Step keys and code identity: SHA-256 digests over canonical bytes (never {@code hashCode()}), so every
 * JVM computes the same key for the same step, and a changed parameter, body or topology changes it.
 */
package dev.phasor.key;
