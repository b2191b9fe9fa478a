package io.meshloop.operators.ingest;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A type whose values are never modified after they are created (records of strings, enums and
 * numbers): copying them between chained operators is a no-op. Without object reuse Flink
 * deep-copies every record handed from one chained operator to the next; for decoded telemetry that
 * copy bought nothing and cost about a fifth of the source thread (BENCHMARKS.md). Serialization,
 * where the type crosses a network edge or lands in state, is the delegate's (the POJO serializer).
 */
public final class ImmutableTypeInfo<T> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> delegate;

    private ImmutableTypeInfo(TypeInformation<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean isBasicType() {
        return delegate.isBasicType();
    }

    @Override
    public boolean isTupleType() {
        return delegate.isTupleType();
    }

    @Override
    public int getArity() {
        return delegate.getArity();
    }

    @Override
    public int getTotalFields() {
        return delegate.getTotalFields();
    }

    @Override
    public Class<T> getTypeClass() {
        return delegate.getTypeClass();
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new NoCopySerializer<>(delegate.createSerializer(config));
    }

    @Override
    public String toString() {
        return "Immutable<" + delegate + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImmutableTypeInfo<?> other
                && other.canEqual(this)
                && delegate.equals(other.delegate);
    }

    @Override
    public int hashCode() {
        return 31 * ImmutableTypeInfo.class.hashCode() + delegate.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof ImmutableTypeInfo;
    }

    /** The POJO type of an immutable record class, without the per-hop deep copy. */
    public static <T> ImmutableTypeInfo<T> of(Class<T> type) {
        return new ImmutableTypeInfo<>(TypeInformation.of(type));
    }

    /**
     * Delegates everything but {@code copy}, which returns the value itself. Its snapshot is the
     * delegate's (a restore yields the plain delegate serializer, which reads the same bytes); the
     * type is a source's output and is not kept in state.
     */
    static final class NoCopySerializer<T> extends TypeSerializer<T> {
        private static final long serialVersionUID = 1L;

        private final TypeSerializer<T> delegate;

        NoCopySerializer(TypeSerializer<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public TypeSerializer<T> duplicate() {
            TypeSerializer<T> d = delegate.duplicate();
            return d == delegate ? this : new NoCopySerializer<>(d);
        }

        @Override
        public T createInstance() {
            return delegate.createInstance();
        }

        @Override
        public T copy(T from) {
            return from;
        }

        @Override
        public T copy(T from, T reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return delegate.getLength();
        }

        @Override
        public void serialize(T record, DataOutputView target) throws IOException {
            delegate.serialize(record, target);
        }

        @Override
        public T deserialize(DataInputView source) throws IOException {
            return delegate.deserialize(source);
        }

        @Override
        public T deserialize(T reuse, DataInputView source) throws IOException {
            return delegate.deserialize(reuse, source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            delegate.copy(source, target);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NoCopySerializer<?> other && delegate.equals(other.delegate);
        }

        @Override
        public int hashCode() {
            return 31 * NoCopySerializer.class.hashCode() + delegate.hashCode();
        }

        @Override
        public TypeSerializerSnapshot<T> snapshotConfiguration() {
            return delegate.snapshotConfiguration();
        }
    }
}
