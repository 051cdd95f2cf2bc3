package dev.phasor.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Serializers for JDK types Kryo cannot write without opening JDK modules. */
final class JdkSerializers {

    private JdkSerializers() {
    }

    static void addTo(Kryo kryo) {
        kryo.addDefaultSerializer(Path.class, new PathSerializer());
        kryo.addDefaultSerializer(File.class, new FileSerializer());
        Class<?> unmodifiableCollection = Collections.unmodifiableCollection(List.of()).getClass();
        kryo.addDefaultSerializer(Collections.unmodifiableList(new ArrayList<>()).getClass(),
                new CopySerializer<List<?>>(c -> Collections.unmodifiableList(new ArrayList<>(c))));
        kryo.addDefaultSerializer(Collections.unmodifiableList(new java.util.LinkedList<>()).getClass(),
                new CopySerializer<List<?>>(c -> Collections.unmodifiableList(new ArrayList<>(c))));
        kryo.addDefaultSerializer(Collections.unmodifiableSet(Set.of()).getClass(),
                new CopySerializer<Set<?>>(c -> Collections.unmodifiableSet(new LinkedHashSet<>(c))));
        kryo.addDefaultSerializer(unmodifiableCollection,
                new CopySerializer<Collection<?>>(c -> Collections.unmodifiableCollection(new ArrayList<>(c))));
        kryo.addDefaultSerializer(Collections.unmodifiableMap(Map.of()).getClass(), new UnmodifiableMapSerializer());
        // Kryo's own serializer for these (same wire form), with the capacity capped by the bytes left
        kryo.addDefaultSerializer(ArrayList.class, BoundedCollectionSerializer.class);
        kryo.addDefaultSerializer(java.util.HashSet.class, BoundedCollectionSerializer.class);
        kryo.addDefaultSerializer(Object[].class, BoundedObjectArraySerializer.class);
    }

    /** Kryo's serializer for object arrays (same wire form), refusing a length larger than the bytes left. */
    @SuppressWarnings("rawtypes")
    public static final class BoundedObjectArraySerializer
            extends com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer {
        /** Kryo creates it by reflection, once per registered array type. */
        public BoundedObjectArraySerializer(Kryo kryo, Class type) {
            super(kryo, type);
        }

        @Override
        public Object[] read(Kryo kryo, Input input, Class type) {
            int start = input.position();
            int length = input.readVarInt(true); // length + 1, 0 for null
            input.setPosition(start);
            if (length - 1L > input.limit() - start) {
                throw new com.esotericsoftware.kryo.KryoException("an array of " + (length - 1) + " elements exceeds the "
                        + (input.limit() - start) + " bytes left");
            }
            return super.read(kryo, input, type);
        }
    }

    /**
     * Kryo's CollectionSerializer sizes an ArrayList or HashSet by the count in the stream before reading any
     * element: a crafted count of 2^30 in a 5-byte file allocated gigabytes (found by fuzzing). Every element
     * takes at least one byte, so the capacity is capped by the bytes left; the wire form is unchanged.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static final class BoundedCollectionSerializer
            extends com.esotericsoftware.kryo.serializers.CollectionSerializer {
        /** Kryo creates it by reflection, once per registered type. */
        public BoundedCollectionSerializer() {
        }

        @Override
        protected Collection create(Kryo kryo, Input input, Class type, int size) {
            return super.create(kryo, input, type, Math.max(0, Math.min(size, input.limit() - input.position())));
        }
    }

    private static final class PathSerializer extends Serializer<Path> {
        @Override
        public void write(Kryo kryo, Output output, Path path) {
            output.writeString(path.toString());
        }

        @Override
        public Path read(Kryo kryo, Input input, Class<? extends Path> type) {
            return Path.of(input.readString());
        }
    }

    private static final class FileSerializer extends Serializer<File> {
        @Override
        public void write(Kryo kryo, Output output, File file) {
            output.writeString(file.getPath());
        }

        @Override
        public File read(Kryo kryo, Input input, Class<? extends File> type) {
            return new File(input.readString());
        }
    }

    /** Writes an unmodifiable view's elements and wraps a fresh copy on read. */
    private static final class CopySerializer<C extends Collection<?>> extends Serializer<C> {
        private final java.util.function.Function<List<Object>, C> wrap;

        CopySerializer(java.util.function.Function<List<Object>, C> wrap) {
            this.wrap = wrap;
        }

        @Override
        public void write(Kryo kryo, Output output, C collection) {
            output.writeVarInt(collection.size(), true);
            for (Object element : collection) {
                kryo.writeClassAndObject(output, element);
            }
        }

        @Override
        public C read(Kryo kryo, Input input, Class<? extends C> type) {
            int size = input.readVarInt(true);
            List<Object> elements = new ArrayList<>(Math.min(size, 1 << 16));
            for (int i = 0; i < size; i++) {
                elements.add(kryo.readClassAndObject(input));
            }
            return wrap.apply(elements);
        }
    }

    private static final class UnmodifiableMapSerializer extends Serializer<Map<?, ?>> {
        @Override
        public void write(Kryo kryo, Output output, Map<?, ?> map) {
            kryo.writeClassAndObject(output, new java.util.LinkedHashMap<>(map));
        }

        @Override
        public Map<?, ?> read(Kryo kryo, Input input, Class<? extends Map<?, ?>> type) {
            return Collections.unmodifiableMap((Map<?, ?>) kryo.readClassAndObject(input));
        }
    }
}
