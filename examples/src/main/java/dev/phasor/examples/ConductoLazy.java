package dev.phasor.examples;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.tree.Exec;
import dev.phasor.tree.Lazy;
import dev.phasor.tree.Parallel;
import dev.phasor.tree.Serial;
import java.util.ArrayList;
import java.util.List;

/**
 * Conducto's "Lazy Pipeline Creation" example: deploy a service, then test it where the number of tests
 * and the service URL are only known at run time. {@code Test.Generate} computes the URLs (cached like any
 * result); the tests built from them run as {@code Test.Execute.RunTest_<i>}. {@code pretty()} shows:
 *
 * <pre>
 * /
 * ├─0 Deploy   echo Deploy service
 * └─1 Test
 *   ├─0 Generate   ConductoLazy::testService --num_tests=5
 *   └─1 Execute
 * </pre>
 *
 * <pre>bin/phasor run dev.phasor.examples.ConductoLazy --cache /tmp/phasor-demo</pre>
 */
public final class ConductoLazy implements PipelineDefinition {

    /** Conducto's {@code test_service}: the URL is looked up at run time; one URL per test. */
    static List<String> testService(Params p) {
        String url = "https://example.com/look_up_url_at_runtime";
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < p.getInt("num_tests"); i++) {
            urls.add(url);
        }
        return urls;
    }

    /** The subtree for the generated data: one test per URL, all at once. */
    static Parallel tests(List<String> urls) {
        Parallel output = new Parallel();
        for (int i = 0; i < urls.size(); i++) {
            output.put("RunTest_" + i, new Exec("echo Testing deployment at " + urls.get(i)));
        }
        return output;
    }

    /** Conducto's {@code pipe()}. */
    public static Serial pipe() {
        Serial root = new Serial();
        root.put("Deploy", new Exec("echo Deploy service"));
        root.put("Test", new Lazy(ConductoLazy::testService, Params.of("num_tests", 5), ConductoLazy::tests));
        return root;
    }

    @Override
    public Pipeline define() {
        return pipe().toPipeline("conducto-lazy");
    }

    public static void main(String[] args) {
        Phasor.exit(Phasor.main(ConductoLazy.class, args));
    }
}
