package dev.phasor.serialization;

import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The ordered list of classes a codec accepts: the allow-list.
 *
 * <p>Order matters: Kryo writes a registered class as its index, so two codecs read each other's bytes
 * only when they registered the same classes in the same order (see {@link Codec#fingerprint()}).
 * The JDK's value types, collections and arrays come first; a pipeline appends its own types in the
 * order it declares them. Immutable once built.
 */
public final class TypeRegistry {

    /** JDK classes every Phasor codec accepts, in registration order. Append only: reordering breaks old files. */
    private static final List<Class<?>> JDK_TYPES = List.of(
            byte[].class, int[].class, long[].class, double[].class, float[].class, short[].class,
            char[].class, boolean[].class, String[].class, Object[].class, int[][].class, double[][].class,
            ArrayList.class, LinkedList.class, HashMap.class, LinkedHashMap.class, TreeMap.class,
            HashSet.class, LinkedHashSet.class, TreeSet.class,
            BigInteger.class, BigDecimal.class, Instant.class, Duration.class, LocalDate.class,
            LocalDateTime.class, Optional.class, File.class, Path.of("").getClass(),
            Arrays.asList().getClass(), Collections.emptyList().getClass(), Collections.emptyMap().getClass(),
            Collections.emptySet().getClass(), Collections.singletonList(0).getClass(),
            Collections.unmodifiableList(new ArrayList<>()).getClass(),
            Collections.unmodifiableList(new LinkedList<>()).getClass(),
            Collections.unmodifiableMap(new HashMap<>()).getClass(),
            Collections.unmodifiableSet(new HashSet<>()).getClass(),
            List.of().getClass(), List.of(1).getClass(), List.of(1, 2, 3).getClass(),
            java.util.Set.of().getClass(), java.util.Set.of(1).getClass(), java.util.Set.of(1, 2, 3).getClass(),
            java.util.Map.of().getClass(), java.util.Map.of(1, 1).getClass(), java.util.Map.of(1, 1, 2, 2).getClass(),
            // Appended in 0.1.0: boxed and two-dimensional arrays, more collections and java.time values.
            Integer[].class, Long[].class, Double[].class, Float[].class, Short[].class, Byte[].class,
            Character[].class, Boolean[].class, long[][].class, float[][].class, byte[][].class, boolean[][].class,
            char[][].class, String[][].class, Object[][].class,
            ArrayDeque.class, PriorityQueue.class, ConcurrentHashMap.class, ConcurrentSkipListMap.class,
            ConcurrentSkipListSet.class, CopyOnWriteArrayList.class, BitSet.class, StringBuilder.class,
            Collections.singletonMap(0, 0).getClass(), Collections.singleton(0).getClass(),
            LocalTime.class, ZonedDateTime.class, OffsetDateTime.class, OffsetTime.class, ZoneOffset.class,
            ZoneId.of("Europe/Paris").getClass(), Period.class, Year.class, YearMonth.class, MonthDay.class);

    private final List<Class<?>> types;

    private TypeRegistry(List<Class<?>> types) {
        this.types = List.copyOf(new LinkedHashSet<>(types)); // List.of() and List.of(1, 2, 3) share a class
    }

    /** The JDK value types, collections and arrays only. */
    public static TypeRegistry jdk() {
        return new TypeRegistry(JDK_TYPES);
    }

    /** This registry plus {@code more}, appended in order; a class already present is not added twice. */
    public TypeRegistry with(List<Class<?>> more) {
        LinkedHashSet<Class<?>> all = new LinkedHashSet<>(types);
        all.addAll(more);
        return new TypeRegistry(new ArrayList<>(all));
    }

    /** All accepted classes, in registration order. */
    public List<Class<?>> types() {
        return types;
    }

    /** The classes appended after the JDK types, in order (what a pipeline registered). */
    public List<Class<?>> extraTypes() {
        return types.subList(jdk().types.size(), types.size());
    }
}
