/**
 * Conducto-style pipeline trees: {@link dev.phasor.tree.Serial}, {@link dev.phasor.tree.Parallel} and
 * {@link dev.phasor.tree.Exec} nodes with {@code /}-paths, inherited attributes and environment, and
 * {@code pretty()}; a tree compiles into an ordinary {@link dev.phasor.api.Pipeline}, so every backend runs it.
 */
package dev.phasor.tree;
