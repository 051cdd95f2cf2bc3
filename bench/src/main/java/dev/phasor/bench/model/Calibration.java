package dev.phasor.bench.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The measured per-step costs the model rests on, per backend, with where each came from. Written by
 * {@code phasor bench model --calibrate} as a properties file ({@code <backend>.<name>=value}); a copy of the
 * last calibration ships in the jar ({@link #bundled()}).
 */
public record Calibration(Map<String, Backend> backends, Map<String, String> notes) {

    /**
     * One backend's costs, all in microseconds per step unless named otherwise.
     *
     * @param coordinatorMicros the coordinator thread's CPU per step, messages excluded (dispatch, report
     *     handling, status and result bookkeeping): the serial part of the run
     * @param messageMicros the coordinator thread's CPU per message (an invocation or its answer), so a batch of b
     *     steps costs it 2 x messageMicros / b per step; 0 where messages are in {@code coordinatorMicros}
     * @param otherCoordinatorMicros CPU per step in the coordinator's other threads (transport I/O): parallel,
     *     but on the coordinator's host
     * @param rttMicros the transport's round trip for one small message (MPJ ping-pong, Hazelcast submit)
     * @param workerMicros time per step on the worker outside the step's body and the file system's serial part
     * @param fsSerialMicros per-step file-system time that does not overlap between steps (one directory's lock:
     *     create and rename of a result and a status)
     * @param shortStepBatch steps per message while steps are short (under 10 ms), 1 otherwise
     * @param phaseMicros the coordinator's time between one phase's last report and the next phase's first
     *     dispatch (closing and opening a phase), per phase
     */
    public record Backend(double coordinatorMicros, double messageMicros, double otherCoordinatorMicros,
            double rttMicros, double workerMicros, double fsSerialMicros, int shortStepBatch, double phaseMicros) {

        static final String[] KEYS = {"coordinatorMicros", "messageMicros", "otherCoordinatorMicros", "rttMicros",
            "workerMicros", "fsSerialMicros", "shortStepBatch", "phaseMicros"};

        double[] values() {
            return new double[] {coordinatorMicros, messageMicros, otherCoordinatorMicros, rttMicros, workerMicros,
                fsSerialMicros, shortStepBatch, phaseMicros};
        }

        static Backend of(double[] v) {
            return new Backend(v[0], v[1], v[2], v[3], v[4], v[5], (int) Math.round(v[6]), v[7]);
        }

        public Backend withCoordinator(double micros) {
            return new Backend(micros, messageMicros, otherCoordinatorMicros, rttMicros, workerMicros, fsSerialMicros,
                    shortStepBatch, phaseMicros);
        }

        public Backend withWorker(double micros) {
            return new Backend(coordinatorMicros, messageMicros, otherCoordinatorMicros, rttMicros, micros,
                    fsSerialMicros, shortStepBatch, phaseMicros);
        }

        public Backend withPhase(double micros) {
            return new Backend(coordinatorMicros, messageMicros, otherCoordinatorMicros, rttMicros, workerMicros,
                    fsSerialMicros, shortStepBatch, micros);
        }
    }

    public Calibration {
        backends = Map.copyOf(backends);
        notes = new TreeMap<>(notes);
    }

    public Backend backend(String id) {
        Backend b = backends.get(id);
        if (b == null) {
            throw new IllegalArgumentException("no calibration for backend '" + id + "' (calibrated: "
                    + String.join(", ", new TreeMap<>(backends).keySet()) + ")");
        }
        return b;
    }

    /** A note such as {@code cores}, {@code date} or {@code local.source}; null if absent. */
    public String note(String key) {
        return notes.get(key);
    }

    /** Cores of the calibration host as measured by a spin test (parallel speed-up of busy threads), at least 1. */
    public double cores() {
        String c = notes.get("host.effectiveCores");
        return c == null ? 1 : Math.max(1, Double.parseDouble(c));
    }

    public static Calibration read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            return of(p, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read calibration " + file + ": " + e.getMessage(), e);
        }
    }

    /** The calibration shipped in this jar (the last one committed). */
    public static Calibration bundled() {
        try (InputStream in = Calibration.class.getResourceAsStream("calibration.properties")) {
            if (in == null) {
                throw new IllegalStateException("calibration.properties missing from the bench jar");
            }
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return of(p, "the bundled calibration");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Calibration of(Properties p, String where) {
        Map<String, Backend> backends = new LinkedHashMap<>();
        Map<String, String> notes = new TreeMap<>();
        for (String id : new String[] {"local", "mpj", "hazelcast"}) {
            if (p.getProperty(id + "." + Backend.KEYS[0]) == null) {
                continue;
            }
            double[] v = new double[Backend.KEYS.length];
            for (int i = 0; i < v.length; i++) {
                String key = id + "." + Backend.KEYS[i];
                String s = p.getProperty(key);
                if (s == null) {
                    throw new IllegalArgumentException(where + ": " + key + " is missing");
                }
                try {
                    v[i] = Double.parseDouble(s.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + ": " + key + " must be a number, got '" + s + "'");
                }
                if (!(v[i] >= 0) || Double.isInfinite(v[i])) {
                    throw new IllegalArgumentException(where + ": " + key + " must be a finite number >= 0, got " + s);
                }
            }
            backends.put(id, Backend.of(v));
        }
        if (backends.isEmpty()) {
            throw new IllegalArgumentException(where + ": no backend calibrated (expected e.g. local.coordinatorMicros)");
        }
        for (String k : p.stringPropertyNames()) {
            if (!k.matches("(local|mpj|hazelcast)\\.(" + String.join("|", Backend.KEYS) + ")")) {
                notes.put(k, p.getProperty(k));
            }
        }
        return new Calibration(backends, notes);
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# phasor bench model --calibrate: measured per-step costs (microseconds), see docs/scaling.md\n");
            for (Map.Entry<String, String> n : notes.entrySet()) {
                w.write(n.getKey() + "=" + n.getValue().replace("\n", " ") + "\n");
            }
            for (String id : new TreeMap<>(backends).keySet()) {
                double[] v = backends.get(id).values();
                for (int i = 0; i < v.length; i++) {
                    w.write(id + "." + Backend.KEYS[i] + "=" + String.format(Locale.ROOT, "%.3f", v[i]) + "\n");
                }
            }
        }
    }
}
