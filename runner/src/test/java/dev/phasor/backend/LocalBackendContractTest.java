package dev.phasor.backend;

import dev.phasor.testkit.BackendContract;
import dev.phasor.testkit.InProcessCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The backend contract on the local backend, through {@code phasor run} in this JVM. */
class LocalBackendContractTest extends BackendContract {

    @Override
    protected int run(Class<?> pipeline, Path cache, List<String> properties, String... args) {
        List<String> set = new ArrayList<>();
        for (String p : properties) {
            String[] kv = p.substring(2).split("=", 2);
            System.setProperty(kv[0], kv[1]);
            set.add(kv[0]);
        }
        try {
            List<String> cli = new ArrayList<>(List.of("run", pipeline.getName(), "--cache", cache.toString(), "-q",
                    "--threads", "2"));
            cli.addAll(List.of(args));
            return InProcessCli.phasor(cli.toArray(String[]::new)).code();
        } finally {
            set.forEach(System::clearProperty);
        }
    }
}
