package dev.phasor.cli;

import dev.phasor.dashboard.Boards;
import dev.phasor.dashboard.DashboardServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
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
     * {@code --dashboard[=PORT]}: takes the next argument only when it is a number, so that
     * {@code run --dashboard my.Pipeline} keeps the class as the pipeline (picocli would take it as the port).
     */
    static final class OptionalPort implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, CommandLine.Model.ArgSpec arg, CommandSpec spec) {
            boolean given = !args.isEmpty() && args.peek().matches("-?[0-9]+");
            arg.setValue(given ? Integer.parseInt(args.pop()) : DEFAULT_PORT);
        }
    }

    /**
     * Starts a dashboard for {@code boards} on {@code bind}:{@code port} and prints its address; a usage error
     * names the address when it cannot be bound. An address other than loopback is warned about.
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
        try {
            server = DashboardServer.start(new InetSocketAddress(address, port), boards);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot serve the dashboard on " + bind + ":" + port + ": "
                    + e.getMessage() + "; choose another port with " + portOption + " (0 for any free one)");
        }
        if (!address.isLoopbackAddress()) {
            err.println("phasor: warning: the dashboard listens on " + bind + " and has no authentication: anyone who"
                    + " can reach port " + server.port() + " can read this cache's steps, logs and results");
            err.flush();
        }
        return server;
    }
}
