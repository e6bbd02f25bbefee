#include "bpf_refs_kfuncs.h"
#include "bpf_refs_misc.h"
char _license[] SEC("license") = "GPL";
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } rb SEC(".maps");

static __noinline int sub_frame(struct bpf_dynptr *a)
{
	struct bpf_dynptr b;
	__u32 *p;
	bpf_dynptr_clone(a, &b);
	bpf_ringbuf_submit_dynptr(a, 0);
	p = bpf_dynptr_slice_rdwr(&b, 0, NULL, 4);
	if (p) *p = 0xdead;
	return 0;
}
SEC("?tc") __failure __msg("x")
int h1c(void *ctx)
{
	struct bpf_dynptr a;
	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	sub_frame(&a);
	return 0;
}
static __noinline int sub_submit(struct bpf_dynptr *a)
{
	bpf_ringbuf_submit_dynptr(a, 0);
	return 0;
}
static __noinline int sub2(struct bpf_dynptr *a)
{
	struct bpf_dynptr b;
	__u32 *p;
	bpf_dynptr_clone(a, &b);
	sub_submit(a);
	p = bpf_dynptr_slice_rdwr(&b, 0, NULL, 4);
	if (p) *p = 0xdead;
	return 0;
}
SEC("?tc") __failure __msg("x")
int h1d(void *ctx)
{
	struct bpf_dynptr a;
	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	sub2(&a);
	return 0;
}
static __noinline int sub_write(struct bpf_dynptr *b)
{
	__u32 v = 1;
	bpf_dynptr_write(b, 0, &v, 4, 0);
	return 0;
}
SEC("?tc") __failure __msg("x")
int h1e(void *ctx)
{
	struct bpf_dynptr a, b;
	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	bpf_dynptr_clone(&a, &b);
	bpf_ringbuf_submit_dynptr(&a, 0);
	sub_write(&b);
	return 0;
}
static __noinline int sub_clone_only(struct bpf_dynptr *a, struct bpf_dynptr *b)
{
	bpf_dynptr_clone(a, b);
	return 0;
}
SEC("?tc") __failure __msg("x")
int h1f(void *ctx)
{
	struct bpf_dynptr a, b;
	__u32 v = 1;
	bpf_ringbuf_reserve_dynptr(&rb, 8, 0, &a);
	sub_clone_only(&a, &b);
	bpf_ringbuf_submit_dynptr(&a, 0);
	bpf_dynptr_write(&b, 0, &v, 4, 0);
	return 0;
}
