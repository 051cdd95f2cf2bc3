package dev.phasor.cli;

import dev.phasor.dashboard.Boards;
import dev.phasor.dashboard.DashboardAccess;
import dev.phasor.dashboard.DashboardServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Where a dashboard listens: {@code run --dashboard} and {@code serve} share the checks and the warning. */
final class DashboardOptions {

    /** The port when none is given. */
    static final int DEFAULT_PORT = 8780;
    static final String LOOPBACK = "127.0.0.1";

    private DashboardOptions() {
    }

    /**
     * {@code --dashboard[=PORT]}: a separate argument is taken only when it is a number, so that
     * {@code run --dashboard my.Pipeline} keeps the class as the pipeline (picocli would take it as the port);
     * a value attached with {@code =} must be a port (else {@code --dashboard=abc} made "abc" the pipeline class).
     */
    static final class OptionalPort implements CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec spec, CommandLine.Model.ArgSpec arg,
                Map<String, Object> info) {
            boolean attached = !String.valueOf(info.getOrDefault("separator", " ")).isBlank(); // " " when separate
            boolean given = attached || (!args.isEmpty() && args.peek().matches("-?[0-9]+"));
            if (!given) {
                arg.setValue(DEFAULT_PORT);
                return true;
            }
            String value = args.pop();
            if (!value.matches("-?[0-9]{1,9}")) {
                throw new ParameterException(spec.commandLine(), "--dashboard=" + value + ": '" + value
                        + "' is not a port (0-65535; 0 for any free one)");
            }
            arg.setValue(Integer.parseInt(value));
            return true;
        }
    }

    /**
     * Starts a dashboard for {@code boards} on {@code bind}:{@code port}; a usage error names the address when it
     * cannot be bound. An address other than loopback gets a random token ({@link DashboardAccess#forAddress}),
     * which {@link DashboardServer#url()}, the address the caller prints, carries; it is warned about.
     */
    static DashboardServer start(Boards boards, String bind, int port, String portOption, CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "cannot listen on '" + bind + "': unknown address");
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), portOption + ": " + port + " is not a port (0-65535;"
                    + " 0 for any free one)");
        }
        DashboardServer server;
        DashboardAccess access = DashboardAccess.forAddress(address);
        try {
            server = DashboardServer.start(new InetSocketAddress(address, port), boards, access);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot serve the dashboard on " + bind + ":" + port + ": "
                    + e.getMessage() + "; choose another port with " + portOption + " (0 for any free one)");
        }
        if (access.token().isPresent()) {
            err.println("phasor: warning: the dashboard listens on " + bind + ", beyond this machine: it answers only"
                    + " requests with the token in the address printed below, but whoever has that address can read"
                    + " this cache's steps, logs and results (plain HTTP, not encrypted: prefer an SSH tunnel)");
            err.flush();
        }
        return server;
    }
}
