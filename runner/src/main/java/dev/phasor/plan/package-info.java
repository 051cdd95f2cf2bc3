/**
 * Compiles a pipeline's steps into phases by longest-path layering. Pure: no I/O, no cache, no backend.
 */
package dev.phasor.plan;
