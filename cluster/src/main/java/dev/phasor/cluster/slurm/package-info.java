/**
 * {@code phasor slurm}: Hazelcast worker nodes submitted as one Slurm job ({@code sbatch}, one
 * {@code phasor worker} per node through {@code srun}), their join list, and their end ({@code scancel}).
 * Slurm is driven through its command-line tools only; nothing here links against Slurm.
 */
package dev.phasor.cluster.slurm;
