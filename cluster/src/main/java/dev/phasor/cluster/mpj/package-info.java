/**
 * The {@code mpj} backend: a pipeline run by the ranks of an MPJ Express job
 * ({@code bin/mpjrun.sh -np N CLASS [options]}). Every rank runs {@link dev.phasor.cluster.mpj.MpjMain},
 * which initialises MPI and runs Phasor's {@code run} command with this backend: rank 0 coordinates and
 * runs steps, the other ranks serve orders. Only control messages travel between ranks; results go
 * through the shared cache directory.
 *
 * <p>MPJ Express's quirks stay in this package: only {@code RankMain} and {@code MpjComm} use
 * {@code mpi.*} ({@code SharedClasses} only finds MPJ's jar); one thread per rank ({@code RankLink}'s)
 * talks to MPI; messages are Kryo bytes sent as {@code MPI.BYTE} and sized with
 * {@code Iprobe}/{@code Get_count}; MPJ's unchecked exceptions become
 * {@link dev.phasor.api.BackendException}s; times come from {@code System.nanoTime} ({@code MPI.Wtime}
 * has whole-second resolution); per-rank state is static only where MPJ's is (under the multicore device
 * this package and MPJ get a class loader per rank; the rest of the class path is shared, see
 * {@code SharedClasses}). See docs/mpj.md.
 */
package dev.phasor.cluster.mpj;
