/** Small utilities shared inside the runner (JSON, plain-data checks, hashing). Not API. */
package dev.phasor.internal;
