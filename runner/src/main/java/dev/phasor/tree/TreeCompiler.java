package dev.phasor.tree;

import dev.phasor.api.Params;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinitionException;
import dev.phasor.api.Step;
import dev.phasor.api.StepFn0;
import dev.phasor.api.StepFn1;
import java.util.ArrayList;
import java.util.HashMap;
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
 * a non-stopping one's are all its children's exits; a Parallel's are all its children's.
 */
final class TreeCompiler {

    private record Span(Set<String> entries, Set<String> exits) {
        boolean isEmpty() {
            return entries.isEmpty();
        }
    }

    private final PipelineBuilder builder;
    private final Map<String, Step<?>> byPath = new LinkedHashMap<>();
    private final Map<String, Step<?>> byName = new HashMap<>();
    private final Map<String, String> pathOfName = new HashMap<>();

    TreeCompiler(PipelineBuilder builder) {
        this.builder = builder;
    }

    Map<String, Step<?>> compile(Container root) {
        span(root);
        return byPath;
    }

    private Span span(Node node) {
        if (node instanceof Exec exec) {
            String name = declare(exec);
            return new Span(Set.of(name), Set.of(name));
        }
        List<Span> spans = new ArrayList<>();
        for (Node child : ((Container) node).children()) {
            Span s = span(child);
            if (!s.isEmpty()) {
                spans.add(s);
            }
        }
        if (spans.isEmpty()) {
            return new Span(Set.of(), Set.of());
        }
        if (node instanceof Parallel) {
            return new Span(union(spans, true), union(spans, false));
        }
        boolean stop = ((Serial) node).stopOnError();
        for (int i = 1; i < spans.size(); i++) {
            for (String entry : spans.get(i).entries()) {
                Step<?> step = byName.get(entry);
                for (String exit : spans.get(i - 1).exits()) {
                    if (stop) {
                        step.after(byName.get(exit));
                    } else {
                        step.afterFinished(byName.get(exit));
                    }
                }
            }
        }
        Set<String> exits = stop ? spans.get(spans.size() - 1).exits() : union(spans, false);
        return new Span(spans.get(0).entries(), exits);
    }

    private static Set<String> union(List<Span> spans, boolean entries) {
        Set<String> all = new LinkedHashSet<>();
        for (Span s : spans) {
            all.addAll(entries ? s.entries() : s.exits());
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private String declare(Exec exec) {
        String path = exec.path();
        String name = stepName(path);
        String other = pathOfName.putIfAbsent(name, path);
        if (other != null) {
            throw new PipelineDefinitionException("tree nodes '" + other + "' and '" + path + "' both become step '"
                    + name + "': rename one (step names keep only letters, digits, '_' and '-' of each segment)");
        }
        Step<?> step;
        if (exec.isShell()) {
            step = builder.shell(name, exec.command()).env(exec.effectiveEnv());
        } else {
            if (!exec.env().isEmpty()) {
                throw new PipelineDefinitionException("Exec '" + path + "' is a Java function; environment variables"
                        + " reach shell commands only: pass " + exec.env().keySet() + " as parameters");
            }
            Params params = exec.params();
            step = params.asMap().isEmpty() && exec.function() instanceof StepFn0<?> fn0 ? builder.step(name, fn0)
                    : builder.step(name, params, (StepFn1<Params, Object>) exec.function());
        }
        step.version(exec.version());
        exec.effectiveAttributes().forEach(step::attribute);
        byPath.put(path, step);
        byName.put(name, step);
        return name;
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
