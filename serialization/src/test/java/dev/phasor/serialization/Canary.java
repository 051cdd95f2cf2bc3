package dev.phasor.serialization;

/**
 * A class that announces being initialised (a stand-in for a deserialisation gadget): tests check that
 * a crafted stream naming it never gets it loaded and initialised.
 */
public final class Canary {

    /** The system property set when this class is initialised. */
    public static final String LOADED = "phasor.test.canary.loaded";

    static {
        System.setProperty(LOADED, "true");
    }

    private Canary() {
    }
}
