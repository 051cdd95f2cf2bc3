package dev.phasor.cluster.slurm;

import dev.phasor.api.BackendException;
import dev.phasor.cluster.secret.SharedSecret;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phasor slurm workers}: submits N worker nodes as one Slurm job and prints its id. */
@Command(name = "workers", mixinStandardHelpOptions = true,
        description = {"Submit Hazelcast worker nodes as one Slurm job (sbatch).",
            "One 'phasor worker' per node, started by srun, bound to the address the node uses to reach the first"
                + " --join host, joining through --join and the job's first node. Prints the job id on the first"
                + " line, then the cluster name, where the logs go and how to run on the workers.",
            "The workers run with this command's java, JVM flags and class path, which must exist at the same"
                + " paths on the nodes (shared storage)."})
final class SlurmWorkersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-N", "--nodes"}, required = true, paramLabel = "N",
            description = "Worker nodes to ask for: one worker per node.")
    int nodes;

    @Option(names = "--join", required = true, split = ",", paramLabel = "HOST[:PORT]",
            description = "Members the workers join through, comma separated: the coordinator's --bind and --port"
                    + " (it may start later), workers already running. A bare HOST means HOST at --port.")
    List<String> join;

    @Option(names = "--cluster-name", paramLabel = "NAME",
            description = "The Hazelcast cluster name (default: phasor-slurm-<job id>). Not a secret.")
    String clusterName;

    @Option(names = {"-t", "--time"}, paramLabel = "T",
            description = "Slurm time limit of the job (sbatch --time: minutes, H:M:S, D-H:M...; default: the"
                    + " partition's). Workers are killed when it runs out.")
    String time;

    @Option(names = {"-A", "--account"}, paramLabel = "A", description = "Slurm account to charge (sbatch --account).")
    String account;

    @Option(names = {"-p", "--partition"}, paramLabel = "P", description = "Slurm partition (sbatch --partition).")
    String partition;

    @Option(names = "--sbatch-arg", paramLabel = "ARG",
            description = "One more sbatch option, value after '=' (repeatable): --sbatch-arg=--mem=8G"
                    + " --sbatch-arg=--exclusive.")
    List<String> sbatchArgs = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "K",
            description = "Steps each worker runs at once; also asks Slurm for K CPUs per node (default: every"
                    + " core of the node, no CPU request).")
    Integer threads;

    @Option(names = "--port", paramLabel = "P", defaultValue = "" + WorkerJob.DEFAULT_PORT,
            description = "The member port of every worker (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "The workers' --classpath: jars or class directories holding the pipelines (default:"
                    + " the coordinator's --classpath).")
    String workerClasspath;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "The workers' --secret-file, on storage the nodes share (readable by you only); give the"
                    + " coordinator the same. Default: the file $PHASOR_SECRET_FILE names, if set.")
    Path secretFile;

    @Option(names = "--log-dir", paramLabel = "DIR", defaultValue = "phasor-slurm-logs",
            description = "Where the job's output and each worker's log go, on storage the nodes share (default:"
                    + " ${DEFAULT-VALUE} in the current directory).")
    Path logDir;

    @Override
    public Integer call() throws IOException {
        Path secret = secretFile != null ? secretFile
                : System.getenv(SharedSecret.ENV) != null && !System.getenv(SharedSecret.ENV).isBlank()
                        ? Path.of(System.getenv(SharedSecret.ENV)) : null;
        if (secret != null) { // checked here, not on the nodes once the job runs: a bad file fails at once
            SharedSecret.read(secret, secretFile != null ? "--secret-file" : SharedSecret.ENV);
        }
        WorkerJob job = new WorkerJob(nodes, WorkerJob.joinList(join, port), clusterName, port, threads,
                workerClasspath, javaCommand(), logDir.toAbsolutePath().normalize().toString(),
                WorkerJob.sbatchOptions(time, account, partition, sbatchArgs),
                secret == null ? null : secret.toAbsolutePath().normalize().toString());
        SlurmTools tools = SlurmTools.fromEnvironment();
        tools.find("sbatch");
        Files.createDirectories(Path.of(job.logDir()));
        SlurmTools.Result r = tools.run("sbatch", job.sbatchArgs(), job.batchScript());
        if (!r.ok()) {
            throw new BackendException("sbatch refused the job (exit " + r.exitCode() + "): "
                    + r.err().strip().replace("\n", "\n  "));
        }
        String jobId = parseJobId(r.out());
        String cluster = job.clusterNameFor(jobId);
        PrintWriter out = spec.commandLine().getOut();
        out.println(jobId);
        out.println("submitted job " + jobId + ": " + nodes + " worker node(s) in cluster '" + cluster + "', port "
                + port);
        out.println("logs: " + job.jobLog(jobId) + " (the job), " + job.workerLog(jobId, "<node>") + " (each worker)");
        out.println("run on them once it runs: phasor run CLASS --backend hazelcast --cluster-name " + cluster
                + " --join $(phasor slurm members " + jobId + ")," + String.join(",", job.join())
                + " --bind ADDR --cache DIR");
        out.println("stop them: phasor slurm stop " + jobId);
        out.flush();
        return 0;
    }

    /** {@code sbatch --parsable} prints {@code JOBID} or {@code JOBID;CLUSTER}. */
    static String parseJobId(String out) {
        String line = out.strip();
        int nl = line.lastIndexOf('\n');
        if (nl >= 0) {
            line = line.substring(nl + 1).strip(); // warnings may come first
        }
        int semi = line.indexOf(';');
        String id = semi >= 0 ? line.substring(0, semi) : line;
        if (!id.matches("\\d+")) {
            throw new BackendException("sbatch did not print a job id: '" + out.strip() + "'");
        }
        return id;
    }

    /** This JVM's java, flags and absolute class path: what the nodes run Phasor with. */
    private static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib:") && !a.startsWith("-javaagent:") && !a.startsWith("-Xrunjdwp")) {
                cmd.add(a);
            }
        }
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                cp.add(Path.of(e).toAbsolutePath().normalize().toString());
            }
        }
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, cp));
        return cmd;
    }
}
