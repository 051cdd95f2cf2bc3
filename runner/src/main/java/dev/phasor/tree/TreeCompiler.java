package dev.phasor.tree;

import dev.phasor.api.Expansion;
import dev.phasor.api.Params;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinitionException;
import dev.phasor.api.ShellResult;
import dev.phasor.api.Step;
import dev.phasor.api.StepFn0;
import dev.phasor.api.StepFn1;
import dev.phasor.api.StepFn2;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a tree into steps and edges of an ordinary pipeline, so every backend runs it unchanged.
 *
 * <p>Each node compiles to a span: its <em>entries</em> (steps with no predecessor inside it) and its
 * <em>exits</em> (steps whose being done means the whole node is done). In a Serial, each child's
 * entries run after the previous child's exits: a required edge ({@link Step#after}) when it stops on
 * error, so a failure skips what follows; an order-only edge ({@link Step#afterFinished}) when it does
 * not. A stopping Serial's exits are its last child's (they can only be done if everything before was);
 * a non-stopping one's are all its children's exits; a Parallel's are all its children's. After a node
 * that suppresses errors the edge is order-only too. A skipped node is an empty span. An Exec that takes its
 * upstream results gets the exits it follows as data inputs instead of edges.
 */
final class TreeCompiler {

    /**
     * {@code open}: the span ends in a Lazy node, whose generated steps nothing static may follow;
     * {@code suppressed}: what follows it needs it finished, not done.
     */
    private record Span(Set<String> entries, Set<String> exits, boolean open, boolean suppressed) {
        Span(Set<String> entries, Set<String> exits, boolean open) {
            this(entries, exits, open, false);
        }

        Span suppressing(boolean on) {
            return on ? new Span(entries, exits, open, true) : this;
        }

        boolean isEmpty() {
            return entries.isEmpty();
        }
    }

    /** Where steps are declared: the pipeline's builder, or the expansion of a Lazy node. */
    private interface Declarer {
        Step<ShellResult> shell(String name, String command);

        Step<?> call(String name, Object function, Params params);

        Step<?> callWithInputs(String name, Object function, Params params, List<Step<?>> inputs);
    }

    private final Declarer declarer;
    /** The pipeline's builder, for Lazy expansions; null inside a generated subtree. */
    private final PipelineBuilder builder;
    private final String prefix;
    private final Map<String, String> inheritedEnv;
    private final Map<String, Object> inheritedAttributes;
    private final Map<String, Step<?>> byPath = new LinkedHashMap<>();
    private final Map<String, Step<?>> byName = new HashMap<>();
    private final Map<String, String> pathOfName = new HashMap<>();
    /** Steps whose upstream steps are their data inputs (Execs made with {@code withUpstream}). */
    private final Set<String> takingUpstream = new HashSet<>();

    TreeCompiler(PipelineBuilder builder) {
        this(declarer(builder), builder, "", Map.of(), Map.of());
    }

    private TreeCompiler(Declarer declarer, PipelineBuilder builder, String prefix, Map<String, String> env,
            Map<String, Object> attributes) {
        this.declarer = declarer;
        this.builder = builder;
        this.prefix = prefix;
        this.inheritedEnv = env;
        this.inheritedAttributes = attributes;
    }

    @SuppressWarnings("unchecked")
    private static Declarer declarer(PipelineBuilder p) {
        return new Declarer() {
            @Override
            public Step<ShellResult> shell(String name, String command) {
                return p.shell(name, command);
            }

            @Override
            public Step<?> call(String name, Object fn, Params params) {
                return params.asMap().isEmpty() && fn instanceof StepFn0<?> fn0 ? p.step(name, fn0)
                        : p.step(name, params, (StepFn1<Params, Object>) fn);
            }

            @Override
            public Step<?> callWithInputs(String name, Object fn, Params params, List<Step<?>> inputs) {
                return fn instanceof StepFn2<?, ?, ?> fn2
                        ? p.stepAll(name, params, inputs, (StepFn2<Params, List<Object>, Object>) fn2)
                        : p.stepAll(name, inputs, (StepFn1<List<Object>, Object>) fn);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Declarer declarer(Expansion x) {
        return new Declarer() {
            @Override
            public Step<ShellResult> shell(String name, String command) {
                return x.shell(name, command);
            }

            @Override
            public Step<?> call(String name, Object fn, Params params) {
                return params.asMap().isEmpty() && fn instanceof StepFn0<?> fn0 ? x.step(name, fn0)
                        : x.step(name, params, (StepFn1<Params, Object>) fn);
            }

            @Override
            public Step<?> callWithInputs(String name, Object fn, Params params, List<Step<?>> inputs) {
                return fn instanceof StepFn2<?, ?, ?> fn2
                        ? x.stepAll(name, params, inputs, (StepFn2<Params, List<Object>, Object>) fn2)
                        : x.stepAll(name, inputs, (StepFn1<List<Object>, Object>) fn);
            }
        };
    }

    Map<String, Step<?>> compile(Container root) {
        span(root, Set.of());
        return byPath;
    }

    /** The span of {@code node}, whose entries will follow the steps {@code upstream} (for Execs that take them). */
    private Span span(Node node, Set<String> upstream) {
        if (node.skipped()) {
            return new Span(Set.of(), Set.of(), false);
        }
        if (node instanceof Exec exec) {
            String name = declare(exec, upstream);
            return new Span(Set.of(name), Set.of(name), false).suppressing(exec.suppressesErrors());
        }
        if (node instanceof Lazy lazy) {
            return lazy(lazy).suppressing(lazy.suppressesErrors());
        }
        List<Span> spans = new ArrayList<>();
        List<Node> nonEmpty = new ArrayList<>();
        for (Node child : ((Container) node).children()) {
            Set<String> follows = node instanceof Serial && !spans.isEmpty() ? spans.get(spans.size() - 1).exits()
                    : upstream;
            Span s = span(child, follows);
            if (!s.isEmpty()) {
                spans.add(s);
                nonEmpty.add(child);
            }
        }
        if (spans.isEmpty()) {
            return new Span(Set.of(), Set.of(), false);
        }
        boolean open = spans.stream().anyMatch(Span::open);
        if (node instanceof Parallel) {
            return new Span(union(spans, true), union(spans, false), open).suppressing(node.suppressesErrors());
        }
        for (int i = 0; i < spans.size() - 1; i++) {
            if (spans.get(i).open()) {
                throw new PipelineDefinitionException("'" + nonEmpty.get(i + 1).path() + "' cannot run after '"
                        + nonEmpty.get(i).path() + "', which ends in a Lazy node: the steps a Lazy node generates are"
                        + " unknown until it runs, so nothing may be ordered after it");
            }
        }
        boolean stop = ((Serial) node).stopOnError();
        for (int i = 1; i < spans.size(); i++) {
            boolean required = stop && !spans.get(i - 1).suppressed();
            for (String entry : spans.get(i).entries()) {
                if (takingUpstream.contains(entry)) {
                    continue; // its upstream steps are its inputs already
                }
                Step<?> step = byName.get(entry);
                for (String exit : spans.get(i - 1).exits()) {
                    if (required) {
                        step.after(byName.get(exit));
                    } else {
                        step.afterFinished(byName.get(exit));
                    }
                }
            }
        }
        Set<String> exits = stop ? spans.get(spans.size() - 1).exits() : union(spans, false);
        return new Span(spans.get(0).entries(), exits, open).suppressing(node.suppressesErrors());
    }

    /** {@code <path>.Generate} now; {@code <path>.Execute.<...>} once it is done, from the subtree it builds. */
    private Span lazy(Lazy lazy) {
        String path = lazy.path();
        if (builder == null) {
            throw new PipelineDefinitionException("Lazy node '" + path + "' is inside a generated subtree: a Lazy node"
                    + " cannot generate another");
        }
        String base = prefix + stepName(path);
        String generate = claim(base + ".Generate", path);
        Step<?> step = declarer.call(generate, lazy.generate(), lazy.params());
        Map<String, Object> attributes = attributes(lazy);
        attributes.forEach(step::attribute);
        Map<String, String> env = env(lazy);
        String executePrefix = base + ".Execute.";
        Lazy.TreeBuilder<Object> build = lazy.builder();
        builder.expand(step, (Object data, Expansion into) -> {
            Container subtree = build.build(data);
            new TreeCompiler(declarer(into), null, executePrefix, env, attributes).compile(subtree);
        });
        byPath.put(path, step);
        byName.put(generate, step);
        return new Span(Set.of(generate), Set.of(generate), true);
    }

    private static Set<String> union(List<Span> spans, boolean entries) {
        Set<String> all = new LinkedHashSet<>();
        for (Span s : spans) {
            all.addAll(entries ? s.entries() : s.exits());
        }
        return all;
    }

    private String declare(Exec exec, Set<String> upstream) {
        String path = exec.path();
        String name = claim(prefix + stepName(path), path);
        Step<?> step;
        if (exec.isShell()) {
            step = declarer.shell(name, exec.command()).env(env(exec));
        } else {
            if (!exec.env().isEmpty()) {
                throw new PipelineDefinitionException("Exec '" + path + "' is a Java function; environment variables"
                        + " reach shell commands only: pass " + exec.env().keySet() + " as parameters");
            }
            if (exec.takesUpstream()) {
                List<Step<?>> inputs = new ArrayList<>();
                upstream.forEach(u -> inputs.add(byName.get(u)));
                step = declarer.callWithInputs(name, exec.function(), exec.params(), inputs);
                takingUpstream.add(name);
            } else {
                step = declarer.call(name, exec.function(), exec.params());
            }
        }
        step.version(exec.version());
        attributes(exec).forEach(step::attribute);
        byPath.put(path, step);
        byName.put(name, step);
        return name;
    }

    private String claim(String name, String path) {
        String other = pathOfName.putIfAbsent(name, path);
        if (other != null) {
            throw new PipelineDefinitionException("tree nodes '" + other + "' and '" + path + "' both become step '"
                    + name + "': rename one (step names keep only letters, digits, '_' and '-' of each segment)");
        }
        return name;
    }

    private Map<String, String> env(Node node) {
        Map<String, String> env = new LinkedHashMap<>(inheritedEnv);
        env.putAll(node.effectiveEnv());
        return env;
    }

    private Map<String, Object> attributes(Node node) {
        Map<String, Object> attributes = new LinkedHashMap<>(Node.DEFAULT_ATTRIBUTES);
        attributes.putAll(inheritedAttributes);
        attributes.putAll(node.inheritedAttributes());
        return attributes;
    }

    /** {@code /Test/app} -> {@code Test.app}; see {@link Container#compileInto}. */
    static String stepName(String path) {
        StringBuilder name = new StringBuilder(path.length());
        for (String segment : path.substring(1).split("/")) {
            if (name.length() > 0) {
                name.append('.');
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                boolean keep = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' && i > 0);
                name.append(keep ? c : '_');
            }
        }
        if (name.length() > 128) {
            throw new PipelineDefinitionException("tree path '" + path + "' is too long for a step name ("
                    + name.length() + " characters, at most 128): use shorter node names");
        }
        return name.toString();
    }
}
