package dev.phasor.cli;

/** {@code bin/phasor}: the command line without a preset pipeline class. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = Cli.execute(null, args);
        System.out.flush();
        System.exit(code);
    }
}
