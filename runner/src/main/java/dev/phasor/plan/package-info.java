/**
 * Layers steps into phases by longest path. Pure: no I/O, no cache, no backend; generic over the step
 * type, so it imports nothing else of Phasor but {@code internal} and the API plans with it
 * ({@code api.ExecutionPlan}).
 */
package dev.phasor.plan;
