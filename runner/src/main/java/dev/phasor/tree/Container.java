package dev.phasor.tree;

import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A node with named children, in insertion order: {@link Serial} or {@link Parallel}. Children are added
 * like Conducto's {@code node["Test/app"] = ...}: {@code put("Test/app", new Exec(...))}, where every
 * path segment but the last names an existing container.
 */
public abstract sealed class Container extends Node permits Serial, Parallel {

    private final Map<String, Node> children = new LinkedHashMap<>();

    Container() {
    }

    /**
     * Adds {@code node} at {@code path} below this node and returns it.
     *
     * @throws IllegalArgumentException if a segment is empty, the parent path does not name a container,
     *     the name is taken, or the node is already in a tree (or is an ancestor of this node)
     */
    public <N extends Node> N put(String path, N node) {
        Objects.requireNonNull(node, "node");
        int slash = checkPath(path).lastIndexOf('/');
        Container target = this;
        if (slash >= 0) {
            Node parentNode = get(path.substring(0, slash));
            if (!(parentNode instanceof Container c)) {
                throw new IllegalArgumentException("cannot put '" + path + "' under " + describe() + ": '"
                        + parentNode.path() + "' is an Exec node, which has no children");
            }
            target = c;
        }
        String name = path.substring(slash + 1);
        if (target.children.containsKey(name)) {
            throw new IllegalArgumentException(target.children.get(name).describe() + " already exists");
        }
        for (Node n = target; n != null; n = n.parent()) {
            if (n == node) {
                throw new IllegalArgumentException("cannot put " + node.describe() + " inside itself");
            }
        }
        node.attach(target, name);
        target.children.put(name, node);
        return node;
    }

    /**
     * The node at {@code path} below this one ({@code "Test/app"}).
     *
     * @throws IllegalArgumentException naming the first segment that is not there
     */
    public Node get(String path) {
        Node at = this;
        for (String segment : checkPath(path).split("/")) {
            Node next = at instanceof Container c ? c.children.get(segment) : null;
            if (next == null) {
                throw new IllegalArgumentException("no node '" + segment + "' under " + at.describe()
                        + (at instanceof Container c ? " (it has " + c.children.keySet() + ")" : ""));
            }
            at = next;
        }
        return at;
    }

    /** The children, in the order they were added (a {@link Serial} runs them in this order). */
    public List<Node> children() {
        return List.copyOf(children.values());
    }

    /**
     * Compiles the tree below this node into a pipeline called {@code pipelineName}: one step per
     * {@link Exec}, ordered as the containers say (see {@link #compileInto}).
     */
    public Pipeline toPipeline(String pipelineName) {
        PipelineBuilder p = Pipeline.builder(pipelineName);
        compileInto(p);
        return p.build();
    }

    /**
     * Declares one step per {@link Exec} below this node in {@code builder}, for pipelines that also
     * register result types or declare other steps. Step names come from paths: {@code /Test/app} becomes
     * {@code Test.app} (segments joined by '.', characters other than letters, digits, '_' and '-' as '_').
     *
     * @return the declared steps by node path, in tree order
     * @throws dev.phasor.api.PipelineDefinitionException if two paths map to the same step name
     */
    public Map<String, Step<?>> compileInto(PipelineBuilder builder) {
        return new TreeCompiler(builder).compile(this);
    }

    @Override
    void pretty(String nodePrefix, String childPrefix, String index, StringBuilder out) {
        super.pretty(nodePrefix, childPrefix, index, out);
        List<Node> kids = new ArrayList<>(children.values());
        int width = Integer.toString(Math.max(0, kids.size() - 1)).length();
        for (int i = 0; i < kids.size(); i++) {
            String childIndex = this instanceof Parallel ? " " : String.format("%0" + width + "d ", i);
            boolean last = i == kids.size() - 1;
            kids.get(i).pretty(childPrefix + (last ? "└─" : "├─"), childPrefix + (last ? "  " : "│ "), childIndex, out);
        }
    }

    private static String checkPath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            throw new IllegalArgumentException("invalid node path '" + path
                    + "': use names separated by '/', relative to the node (\"Test/app\")");
        }
        return path;
    }
}
