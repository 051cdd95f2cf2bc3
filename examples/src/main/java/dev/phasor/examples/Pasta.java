package dev.phasor.examples;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * job-orchestra's pasta al pomodoro e basilico. {@code salt} serves twice under two names (aliases):
 * {@code salt_water} and {@code salt_tomatoes}. Each step returns what is in its pot.
 *
 * <pre>bin/phasor plan dev.phasor.examples.Pasta --cache /tmp/phasor-demo</pre>
 */
public final class Pasta implements PipelineDefinition {

    static List<String> salt(Params p, List<String> pot) {
        return with(pot, "salt " + p.getInt("grams") + "g");
    }

    static List<String> with(List<String> pot, String ingredient) {
        List<String> more = new ArrayList<>(pot);
        more.add(ingredient);
        return more;
    }

    static List<String> panFry(List<List<String>> pots) {
        List<String> lunch = new ArrayList<>();
        pots.forEach(lunch::addAll);
        lunch.add("pan-fried");
        return lunch;
    }

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("pasta");
        Step<List<String>> water = p.step("boil_water", () -> List.of("boiling water"));
        Step<List<String>> onions = p.step("brown_onions", () -> List.of("browned onions"));
        Step<List<String>> cut = p.step("cut_tomatoes", onions, pot -> with(pot, "cut tomatoes"));
        Step<List<String>> tomatoes = p.step("pour_tomatoes", cut, onions,
                (c, o) -> with(c, "tomato sauce on " + o.size() + " onion base"));
        Step<List<String>> saltWater = p.step("salt_water", Params.of("grams", 10), water, Pasta::salt);
        Step<List<String>> saltTomatoes = p.step("salt_tomatoes", Params.of("grams", 2), tomatoes, Pasta::salt);
        Step<List<String>> pasta = p.step("pour_pasta", saltWater, pot -> with(pot, "spaghetti"));
        Step<List<String>> basil = p.step("pick_basil", () -> List.of("basil"));
        p.stepAll("pan_fry", List.of(pasta, saltTomatoes, basil), Pasta::panFry);
        return p.build();
    }

    public static void main(String[] args) {
        Phasor.exit(Phasor.main(Pasta.class, args));
    }
}
