/**
 * The cluster's shared secret and what it protects: {@link dev.phasor.cluster.secret.SharedSecret} (read from
 * {@code --secret-file} or {@code PHASOR_SECRET_FILE}, keys derived with HKDF-SHA256),
 * {@link dev.phasor.cluster.secret.SealingKey} (AES-256-GCM: a message body encrypted and authenticated, its
 * header bound in as associated data) and {@link dev.phasor.cluster.secret.ReplayGuard} (each sequence number
 * accepted once). JDK cryptography only; nothing here knows Hazelcast or MPJ.
 */
package dev.phasor.cluster.secret;
