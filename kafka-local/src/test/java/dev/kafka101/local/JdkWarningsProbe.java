package dev.kafka101.local;

import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Factory;
import org.apache.kafka.common.utils.internals.ByteBufferUnmapper;

/** Does what makes a JDK 24+ print its warnings in a Kafka JVM: unmap a buffer as Kafka does, load lz4's JNI code. */
public final class JdkWarningsProbe {
    private JdkWarningsProbe() {}

    public static void main(String[] args) throws Exception {
        ByteBufferUnmapper.unmap("probe", ByteBuffer.allocateDirect(64)); // how a broker releases its index files
        System.out.println("lz4: " + LZ4Factory.fastestInstance()); // compression.type=lz4 loads the JNI library
    }
}
