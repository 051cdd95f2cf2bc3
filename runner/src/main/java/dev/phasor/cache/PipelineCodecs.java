package dev.phasor.cache;

import dev.phasor.api.PipelineDefinitionException;
import dev.phasor.api.ShellResult;
import dev.phasor.serialization.CodecException;
import dev.phasor.serialization.KryoCodec;
import dev.phasor.serialization.TypeRegistry;
import java.util.ArrayList;
import java.util.List;

/** The codec of a pipeline: JDK types, then Phasor's own result types, then the pipeline's registered types. */
public final class PipelineCodecs {

    private PipelineCodecs() {
    }

    /**
     * A codec accepting the JDK types, {@link ShellResult} and {@code registered}, in that order.
     *
     * @throws PipelineDefinitionException if Kryo cannot handle a registered type (naming it)
     */
    public static KryoCodec forTypes(List<Class<?>> registered, ClassLoader loader) {
        List<Class<?>> types = new ArrayList<>();
        types.add(ShellResult.class);
        types.addAll(registered);
        try {
            return new KryoCodec(TypeRegistry.jdk().with(types), loader);
        } catch (CodecException e) {
            throw new PipelineDefinitionException("a registered result type cannot be used: " + e.getMessage());
        }
    }
}
