package dev.phasor.cli;

/**
 * Stands for a deserialisation gadget on the classpath: it records being initialised or constructed, so a test
 * can prove that a crafted cache file naming it never got it loaded, let alone instantiated.
 */
public final class Gadget {

    /** Set when the class is initialised. */
    public static final String INITIALISED = "phasor.test.gadget.initialised";
    /** Set when an instance is created. */
    public static final String CONSTRUCTED = "phasor.test.gadget.constructed";

    static {
        System.setProperty(INITIALISED, "true");
    }

    public int value;

    public Gadget() {
        System.setProperty(CONSTRUCTED, "true");
    }
}
