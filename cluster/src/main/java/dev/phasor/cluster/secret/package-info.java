/**
 * The cluster's shared secret and what it protects: {@link dev.phasor.cluster.secret.SharedSecret} (read from
 * {@code --secret-file} or {@code PHASOR_SECRET_FILE}, keys derived with HKDF-SHA256),
 * {@link dev.phasor.cluster.secret.MessageKeys} (HMAC-SHA256 over a message's header and body; AES-256-GCM,
 * {@link dev.phasor.cluster.secret.SealingKey}, for the results it carries) and {@link dev.phasor.cluster.secret.ReplayGuard} (each sequence number
 * accepted once). JDK cryptography only; nothing here knows Hazelcast or MPJ.
 */
package dev.phasor.cluster.secret;
