/** {@code phasor new}: a starter Maven project for a pipeline of one's own. */
package dev.phasor.starter;
