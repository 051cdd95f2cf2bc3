package dev.phasor.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The dynamic part of a pipeline definition, frozen at {@link PipelineBuilder#build()}: the declared
 * expansions and pattern fan-ins, and a copy of the static declarations, so that the pipeline can be
 * rebuilt with generated steps from any JVM: {@link #expand} is a pure function of the generators' data.
 * Package-private.
 */
final class Dynamics {

    /** {@code files} is null for an expansion of the generator's result, else the file set it is fanned out over. */
    record ExpansionDecl(String generator, Expander<Object> expander, FileSet files) {
    }

    record FanInDecl(String name, String pattern, Object function) {
        Pattern regex() {
            StringBuilder re = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
            }
            return Pattern.compile(re.toString());
        }
    }

    private final PipelineBuilder origin;
    private final String name;
    private final Map<String, StepDraft> drafts;
    private final Map<String, String> env;
    private final List<Class<?>> types;
    final List<ExpansionDecl> expansions;
    final List<FanInDecl> fanIns;

    Dynamics(PipelineBuilder origin, String name, Map<String, StepDraft> drafts, Map<String, String> env,
            List<Class<?>> types, List<ExpansionDecl> expansions, List<FanInDecl> fanIns) {
        this.origin = origin;
        this.name = name;
        this.drafts = new LinkedHashMap<>(drafts);
        this.env = new LinkedHashMap<>(env);
        this.types = List.copyOf(types);
        this.expansions = List.copyOf(expansions);
        this.fanIns = List.copyOf(fanIns);
    }

    /**
     * The static pipeline plus the steps of every expansion whose generator is in {@code data} (its result,
     * or for a file fan-out the list of matched files), and, when {@code withFanIns}, the pattern fan-ins
     * over every step whose name matches, each running after all generators.
     *
     * @throws PipelineDefinitionException if an expander fails or declares an invalid or duplicate step
     */
    @SuppressWarnings("unchecked")
    Pipeline expand(Map<String, Object> data, boolean withFanIns) {
        PipelineBuilder ext = PipelineBuilder.extending(origin, name, drafts, env, types);
        Map<String, String> generatedBy = new LinkedHashMap<>();
        for (ExpansionDecl d : expansions) {
            if (!data.containsKey(d.generator())) {
                continue;
            }
            Expansion into = new Expansion(ext, d.generator());
            try {
                if (d.files() != null) {
                    for (OutputFile file : (List<OutputFile>) data.get(d.generator())) {
                        d.expander().expand(file, into);
                    }
                } else {
                    d.expander().expand(data.get(d.generator()), into);
                }
            } catch (PipelineDefinitionException e) {
                throw new PipelineDefinitionException("expansion of '" + d.generator() + "': " + e.getMessage());
            } catch (Exception e) {
                throw new PipelineDefinitionException("expansion of '" + d.generator() + "' failed: " + e);
            }
            into.declared().forEach(s -> generatedBy.put(s, d.generator()));
        }
        if (withFanIns) {
            Set<String> generators = new LinkedHashSet<>();
            expansions.forEach(d -> generators.add(d.generator()));
            for (FanInDecl f : fanIns) {
                Pattern regex = f.regex();
                List<Step<?>> matching = new ArrayList<>();
                for (String step : ext.declaredNames()) {
                    if (regex.matcher(step).matches()) {
                        matching.add(ext.handle(step));
                    }
                }
                ext.fanIn(f.name(), f.function(), matching).after(generators.toArray(String[]::new));
                generatedBy.put(f.name(), "fan-in");
            }
        }
        return ext.buildExpanded(this, generatedBy, data.keySet(), withFanIns);
    }
}
