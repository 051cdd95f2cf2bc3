/**
 * What a step function's code is, read from its class file ({@code SerializedLambda}, ASM): origin,
 * bytecode digest, instantiated types. Imports nothing else of Phasor but {@code internal}, so the API
 * uses it to give each step its {@code CodeIdentity} while a pipeline is built.
 */
package dev.phasor.code;
