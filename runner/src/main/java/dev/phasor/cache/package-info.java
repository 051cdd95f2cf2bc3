/**
 * The cache directory on shared storage: its layout, the schema file that binds it to one pipeline
 * definition, result and status files, the summary and the lock. The formats are described in the
 * user guide (docs/cache.md) and must stay readable by older and newer Phasor versions alike.
 */
package dev.phasor.cache;
