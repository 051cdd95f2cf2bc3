package dev.phasor.tree;

import dev.phasor.internal.PlainData;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A node of a Conducto-style pipeline tree: a {@link Serial} or {@link Parallel} container, or an
 * {@link Exec} leaf. Attributes ({@code cpu}, {@code mem}, free ones like {@code image}) and environment
 * variables set on a node are inherited by every node below it; a child's own value wins. Every step starts
 * from Conducto's defaults, {@link #DEFAULT_ATTRIBUTES}.
 *
 * <p>As in Conducto, a node may be skipped ({@code skip(true)}: it and everything below it is left out of
 * the pipeline, and what follows it in a Serial follows what came before it) or suppress its errors
 * ({@code suppressErrors(true)}: what follows it in a stopping Serial runs once it has finished, even if
 * steps below it failed; their failure is still reported and still fails the run).
 *
 * <p>A node belongs to at most one parent; its path is {@code /} for a root and {@code /Test/app} below.
 * Not thread-safe: build a tree on one thread, then compile it ({@link Container#toPipeline}).
 */
public abstract sealed class Node permits Container, Exec, Lazy {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Conducto's defaults for every node: 1 CPU, 2 GB of memory, no GPU. */
    public static final Map<String, Object> DEFAULT_ATTRIBUTES = Collections.unmodifiableMap(
            new LinkedHashMap<>(Map.of("cpu", 1.0, "mem", 2.0, "gpu", 0)));

    private Container parent;
    private String name;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private boolean skip;
    private boolean suppressErrors;

    Node() {
    }

    /** Whether this node (and so everything below it) is left out of the pipeline (Conducto's {@code skip}). */
    public boolean skipped() {
        return skip;
    }

    /** Whether what follows this node runs even if steps below it failed (Conducto's {@code suppress_errors}). */
    public boolean suppressesErrors() {
        return suppressErrors;
    }

    /** The node's name under its parent; {@code /} for a root. */
    public String name() {
        return name == null ? "/" : name;
    }

    /** The node's parent, or null for a root. */
    public Container parent() {
        return parent;
    }

    /** {@code /} for a root, else the names from the root down joined by {@code /}: {@code /Test/app}. */
    public String path() {
        if (parent == null) {
            return "/";
        }
        Deque<String> names = new ArrayDeque<>();
        for (Node n = this; n.parent != null; n = n.parent) {
            names.addFirst(n.name);
        }
        return "/" + String.join("/", names);
    }

    /** The environment variables set on this node itself. */
    public Map<String, String> env() {
        return Collections.unmodifiableMap(env);
    }

    /** The attributes set on this node itself. */
    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    /** The environment this node runs with: its ancestors' variables, each overridden by nodes further down. */
    public Map<String, String> effectiveEnv() {
        Map<String, String> merged = parent == null ? new LinkedHashMap<>() : new LinkedHashMap<>(parent.effectiveEnv());
        merged.putAll(env);
        return merged;
    }

    /**
     * The attributes this node runs with: {@link #DEFAULT_ATTRIBUTES}, then its ancestors', each overridden by
     * nodes further down.
     */
    public Map<String, Object> effectiveAttributes() {
        Map<String, Object> merged = new LinkedHashMap<>(DEFAULT_ATTRIBUTES);
        merged.putAll(inheritedAttributes());
        return merged;
    }

    /** The attributes set on this node and its ancestors, without the defaults. */
    Map<String, Object> inheritedAttributes() {
        Map<String, Object> merged = parent == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(parent.inheritedAttributes());
        merged.putAll(attributes);
        return merged;
    }

    /**
     * Draws the tree below this node as Conducto's {@code pretty()} does: one line per node, box-drawing
     * branches, a Serial's children numbered from 0 (zero-padded to the same width), a Parallel's not, and
     * an Exec's command three spaces after its name. Lines are separated by {@code \n}; no final newline.
     */
    public String pretty() {
        StringBuilder out = new StringBuilder();
        pretty("", "", "", out);
        out.setLength(out.length() - 1); // lines joined by '\n', no final one, as Conducto's
        return out.toString();
    }

    void pretty(String nodePrefix, String childPrefix, String index, StringBuilder out) {
        String label = this instanceof Exec e ? (name() + "   " + e.command()).strip().replace("\n", "\\n") : name();
        label = skip ? label + "   [skipped]" : label;
        out.append(nodePrefix).append(index).append(label).append('\n');
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + path() + "]";
    }

    void setSkip(boolean on) {
        skip = on;
    }

    void setSuppressErrors(boolean on) {
        suppressErrors = on;
    }

    void setCpu(double cpus) {
        if (!(cpus > 0)) {
            throw new IllegalArgumentException("cpu of " + describe() + " must be positive, got " + cpus);
        }
        attributes.put("cpu", cpus);
    }

    void setMem(double gigabytes) {
        if (!(gigabytes > 0)) {
            throw new IllegalArgumentException("mem of " + describe() + " must be positive, got " + gigabytes);
        }
        attributes.put("mem", gigabytes);
    }

    void setEnv(String variable, String value) {
        if (variable == null || !ENV_NAME.matcher(variable).matches()) {
            throw new IllegalArgumentException("invalid environment variable name '" + variable + "' on " + describe());
        }
        env.put(variable, Objects.requireNonNull(value, "value"));
    }

    void setAttribute(String attribute, Object value) {
        if (attribute == null || !ENV_NAME.matcher(attribute).matches()) {
            throw new IllegalArgumentException("invalid attribute name '" + attribute + "' on " + describe()
                    + ": use letters, digits and '_'");
        }
        Objects.requireNonNull(value, () -> "value of attribute '" + attribute + "'");
        String problem = PlainData.problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("attribute '" + attribute + "' of " + describe()
                    + " must be plain data: " + problem);
        }
        attributes.put(attribute, value);
    }

    /** Called by a container that adopts this node. */
    void attach(Container newParent, String newName) {
        if (parent != null) {
            throw new IllegalArgumentException(describe() + " is already in a tree at " + path()
                    + "; a node has one parent: build another node");
        }
        parent = newParent;
        name = newName;
    }

    String describe() {
        return getClass().getSimpleName() + " " + (parent == null && name == null ? "(root)" : "'" + path() + "'");
    }
}
