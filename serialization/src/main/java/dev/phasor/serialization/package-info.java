/**
 * Turns step results into bytes and back, and frames those bytes as result files.
 *
 * <p>Everything here is independent of pipelines: {@link dev.phasor.serialization.Codec} is the small
 * interface the runner uses, {@link dev.phasor.serialization.KryoCodec} its Kryo 5 implementation with
 * registration required (the registered classes are the allow-list), and
 * {@link dev.phasor.serialization.ResultFile} the on-disk frame with magic, format version, step key and
 * checksum. Nothing in this package knows about steps, phases or backends.
 */
package dev.phasor.serialization;
