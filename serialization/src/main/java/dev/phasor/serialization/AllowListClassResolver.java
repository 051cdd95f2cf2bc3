package dev.phasor.serialization;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * Refuses any class named in a stream.
 *
 * <p>With registration required, Phasor never writes class names (only registration ids), so a name in
 * the input means the bytes were crafted or written by something else. Kryo's own resolver would call
 * {@code Class.forName} on it before checking registration; this one rejects the name first.
 */
final class AllowListClassResolver extends DefaultClassResolver {

    @Override
    protected Registration readName(Input input) {
        input.readVarInt(true); // name id
        String className = input.readString();
        throw new KryoException("class '" + className + "' is not in the allow-list of registered types");
    }
}
