// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime probes on BPF ringbuf records (progs/runtime_ringbuf.c), run on
 * the host: a stale write lands in ringbuf memory, never elsewhere.
 *
 * records_roundtrip: a valid program writes known bytes through a record's
 * dynptr and an adjusted clone of it; user space must read exactly those
 * bytes in the one committed record, and see the discarded one as such.
 *
 * stale_clone_submit/stale_clone_discard: a subprog clones the caller's
 * record dynptr, submits (discards) the original, then writes a marker
 * through a slice of the clone.  A kernel with the fix of
 * bug-ringbuf-clone-release (7.2) rejects the program (pass).  One
 * without it accepts it; the probe then runs it and
 * reads the ring as the consumer does: the marker in a record that was
 * already handed over is the use after submit, and fails the probe.
 * stale_returned_clone_submit: the same through a slice of the subprog's
 * own clone that it returned (bug-returned-clone-slice: 7.2 and 7.3 too).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "runtime_util.h"

#define MARK_SUBMITTED	0x5ab0b175
#define MARK_STALE	0xdeadf00d
#define RT_REC_SIZE	16
#define RING_SIZE	4096
#define CLONE_RELEASE_BUG \
	"bug-ringbuf-clone-release (fixed in 7.2, commit not identified)"

struct ring_bss {
	__u32 stale_written;
	__u32 child_size;
	__u32 child_read;
};

struct consumed {
	int cnt;
	unsigned char first[RT_REC_SIZE];
	size_t first_len;
};

static const char *const ringbuf_kfuncs[] = {
	"bpf_dynptr_clone", "bpf_dynptr_slice_rdwr", "bpf_dynptr_adjust",
	"bpf_dynptr_size", NULL
};

static int on_record(void *ctx, void *data, size_t len)
{
	struct consumed *c = ctx;

	if (!c->cnt++) {
		c->first_len = len < RT_REC_SIZE ? len : RT_REC_SIZE;
		memcpy(c->first, data, c->first_len);
	}
	return 0;
}

/* Consume every committed record the way a libbpf user would. */
static int consume(int map_fd, struct consumed *c)
{
	struct ring_buffer *rb;
	int n;

	memset(c, 0, sizeof(*c));
	rb = ring_buffer__new(map_fd, on_record, c, NULL);
	if (!rb)
		return -errno;
	n = ring_buffer__consume(rb);
	ring_buffer__free(rb);
	return n < 0 ? n : 0;
}

/* Load prog; run it once on a packet; map its ring. */
static struct bpf_object *load_and_run(struct run_ctx *ctx, const char *prog,
				       struct rt_ring *ring,
				       struct test_result *res, bool *accepted)
{
	unsigned char pkt[RT_PKT_LEN];
	struct bpf_object *obj;
	bool verifier_ran;
	__u32 retval;
	int err;

	*accepted = false;
	obj = rt_load(ctx, "runtime_ringbuf", prog, &verifier_ran, &err, res);
	if (err == -ENOENT)
		return NULL;
	if (err) {
		if (!verifier_ran)
			rt_set(res, TEST_FAIL,
			       "load failed before verification: %s",
			       strerror(-err));
		bpf_object__close(obj);
		return NULL;
	}
	*accepted = true;
	err = rt_ring_map(ring, bpf_object__find_map_fd_by_name(obj, "rb"),
			  RING_SIZE);
	if (err) {
		rt_set(res, TEST_FAIL, "cannot mmap the ringbuf: %s",
		       strerror(-err));
		goto fail;
	}
	rt_fill_packet(pkt, sizeof(pkt));
	err = rt_test_run(rt_prog_fd(obj, prog), pkt, sizeof(pkt), NULL,
			  &retval);
	if (!err && retval)
		err = -EPROTO;
	if (!err)
		return obj;
	rt_set(res, TEST_FAIL, "BPF_PROG_TEST_RUN: %s (retval %u)",
	       strerror(-err), err == -EPROTO ? retval : 0);
	rt_ring_unmap(ring);
fail:
	bpf_object__close(obj);
	return NULL;
}

static void records_roundtrip(struct run_ctx *ctx)
{
	unsigned char want[RT_REC_SIZE];
	struct test_result res;
	struct rt_record recs[4];
	struct bpf_object *obj;
	struct ring_bss bss;
	struct consumed c;
	struct rt_ring ring;
	bool accepted;
	int i, n, err;

	if (!rt_begin(ctx, &res, "records_roundtrip", NULL))
		return;
	if (rt_missing(ctx, ringbuf_kfuncs, NULL, BPF_PROG_TYPE_SCHED_CLS, &res))
		goto out;
	obj = load_and_run(ctx, "records_roundtrip", &ring, &res, &accepted);
	if (!obj) {
		if (res.status == TEST_PASS)
			rt_set(&res, TEST_FAIL,
			       "verifier rejected a valid program");
		goto out;
	}
	for (i = 0; i < RT_REC_SIZE; i++)
		want[i] = i * 3 + 1;
	memset(want + 12, 0xa5, 4);
	err = rt_bss(obj, &bss, sizeof(bss));
	n = rt_ring_records(&ring, recs, 4);
	if (n != 2 || recs[0].busy || recs[0].discarded ||
	    recs[0].len != RT_REC_SIZE || !recs[1].discarded ||
	    recs[1].len != 8)
		rt_set(&res, TEST_FAIL,
		       "ring holds %d records, want a committed one of %d bytes and a discarded one of 8",
		       n, RT_REC_SIZE);
	else if (memcmp(recs[0].data, want, RT_REC_SIZE))
		rt_set(&res, TEST_FAIL,
		       "record 0 bytes differ from what the program wrote");
	else if (err || bss.child_size != 8 ||
		 memcmp(&bss.child_read, want + 8, 4))
		rt_set(&res, TEST_FAIL,
		       "adjusted clone: size %u, read 0x%08x; want 8 and bytes 8..11",
		       err ? 0 : bss.child_size, err ? 0 : bss.child_read);
	else if (consume(bpf_object__find_map_fd_by_name(obj, "rb"), &c))
		rt_set(&res, TEST_FAIL, "ring_buffer__consume failed");
	else if (c.cnt != 1 || c.first_len != RT_REC_SIZE ||
		 memcmp(c.first, want, RT_REC_SIZE))
		rt_set(&res, TEST_FAIL,
		       "consumer got %d records, want exactly the committed one",
		       c.cnt);
	rt_ring_unmap(&ring);
	bpf_object__close(obj);
out:
	rt_end(ctx, &res);
}

/* An unsafe cross-frame clone, released by submit or by discard. */
static void stale_clone(struct run_ctx *ctx, const char *prog, bool discard,
			const char *fix)
{
	const char *what = discard ? "discard" : "submit";
	struct test_result res;
	struct rt_record rec;
	struct bpf_object *obj;
	struct ring_bss bss;
	struct consumed c;
	struct rt_ring ring;
	bool accepted;
	__u32 word;
	int err, bss_err;

	if (!rt_begin(ctx, &res, prog, fix))
		return;
	if (rt_missing(ctx, ringbuf_kfuncs, NULL, BPF_PROG_TYPE_SCHED_CLS, &res))
		goto out;
	obj = load_and_run(ctx, prog, &ring, &res, &accepted);
	if (!accepted) {
		if (ctx->verbose && res.status == TEST_PASS)
			report_diag(&ctx->rep, "verifier rejected the unsafe program");
		goto out;
	}
	if (!obj)
		goto out;
	bss_err = rt_bss(obj, &bss, sizeof(bss));
	if (rt_ring_records(&ring, &rec, 1) != 1 || rec.busy ||
	    rec.discarded != discard || rec.len != RT_REC_SIZE) {
		rt_set(&res, TEST_FAIL,
		       "verifier accepted the unsafe program; the ring does not hold the one %s record it must",
		       discard ? "discarded" : "committed");
		goto close;
	}
	memcpy(&word, rec.data, sizeof(word));
	if (!discard) {
		/* what a libbpf consumer is handed must show the same */
		err = consume(bpf_object__find_map_fd_by_name(obj, "rb"), &c);
		if (!err && c.cnt == 1)
			memcpy(&word, c.first, sizeof(word));
	}
	if (word == MARK_STALE && !bss_err && bss.stale_written)
		rt_set(&res, TEST_FAIL,
		       "use-after-%s observed: record 0 changed after %s (%s 0x%08x, consumer read 0x%08x)",
		       what, what, discard ? "discarded" : "submitted",
		       MARK_SUBMITTED, word);
	else
		rt_set(&res, TEST_FAIL,
		       "verifier accepted the unsafe program; stale write not observed (record 0 holds 0x%08x)",
		       word);
close:
	rt_ring_unmap(&ring);
	bpf_object__close(obj);
out:
	rt_end(ctx, &res);
}

static void test_runtime_ringbuf(struct run_ctx *ctx)
{
	static const char *const subs[] = {
		"records_roundtrip", "stale_clone_submit",
		"stale_clone_discard", "stale_returned_clone_submit",
	};

	if (!rt_plan(ctx, subs, 4))
		return;
	records_roundtrip(ctx);
	stale_clone(ctx, "stale_clone_submit", false, CLONE_RELEASE_BUG);
	stale_clone(ctx, "stale_clone_discard", true, CLONE_RELEASE_BUG);
	stale_clone(ctx, "stale_returned_clone_submit", false,
		    "bug-returned-clone-slice");
}

RUN_PROBES(runtime_ringbuf);
