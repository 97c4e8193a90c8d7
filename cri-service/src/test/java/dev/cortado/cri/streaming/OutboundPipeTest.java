package dev.cortado.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A client that does not read holds back the writer after one window, and a gone client fails it. */
class OutboundPipeTest {
    private final List<Promise<Void>> pending = new CopyOnWriteArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final OutboundPipe pipe = new OutboundPipe(
            new OutboundPipe.FrameSink() {
                @Override
                public Future<?> send(ByteBuf data) {
                    sent.addAndGet(data.readableBytes());
                    data.release();
                    Promise<Void> p = new DefaultPromise<>(GlobalEventExecutor.INSTANCE);
                    pending.add(p);
                    return p;
                }

                @Override
                public Future<?> finish() {
                    return GlobalEventExecutor.INSTANCE.newSucceededFuture(null);
                }
            },
            UnpooledByteBufAllocator.DEFAULT);

    @Test
    void writer_blocksAtTheWindow_andResumesWhenFramesLeave() throws Exception {
        Thread writer = new Thread(() -> {
            try {
                pipe.write(new byte[4 * OutboundPipe.WINDOW]);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        writer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() == OutboundPipe.WINDOW);
        Thread.sleep(200);
        assertThat(sent.get()).isEqualTo(OutboundPipe.WINDOW);
        while (writer.isAlive()) {
            pending.forEach(p -> p.trySuccess(null));
            Thread.sleep(10);
        }
        assertThat(sent.get()).isEqualTo(4L * OutboundPipe.WINDOW);
    }

    @Test
    void abort_failsABlockedWriter() throws Exception {
        pipe.write(new byte[OutboundPipe.WINDOW]);
        Thread aborter = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pipe.abort("client gone");
        });
        aborter.start();
        assertThatThrownBy(() -> pipe.write(new byte[10]))
                .isInstanceOf(IOException.class)
                .hasMessage("client gone");
    }
}
