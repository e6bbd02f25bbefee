// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers of the runtime probes; see runtime_util.h.
 *
 * Cleanup: programs, maps and links of a probe live only as file
 * descriptors of this process (nothing is pinned), so they go away when
 * the probe closes its object or when the process dies.  Network
 * namespaces (with their veths and qdiscs) belong to a forked child that
 * never mounts them anywhere, so they go away with the child.  What is
 * left is to make sure the child dies: it is killed on its timeout, on
 * SIGINT/SIGTERM of the runner (signal handler below), and by
 * PR_SET_PDEATHSIG when the runner dies any other way.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <bpf/bpf.h>
#include "loader.h"
#include "runtime_util.h"

#define RT_MAX_CHILDREN	4

/* Probe children alive now: the signal handler kills them. */
static sig_atomic_t rt_children[RT_MAX_CHILDREN];

int rt_plan(struct run_ctx *ctx, const char *const *subs, int cnt)
{
	int i, n = 0;

	for (i = 0; i < cnt; i++) {
		if (!run_selected(ctx, ctx->topic, subs[i]))
			continue;
		n++;
		if (ctx->list_only)
			report_listed(&ctx->rep, ctx->topic, subs[i]);
	}
	if (ctx->list_only)
		return 0;
	if (n)
		report_subtests(&ctx->rep, n);
	return n;
}

void rt_set(struct test_result *res, enum test_status st, const char *fmt,
	    ...)
{
	va_list ap;

	res->status = st;
	va_start(ap, fmt);
	vsnprintf(res->reason, sizeof(res->reason), fmt, ap);
	va_end(ap);
}

bool rt_begin(struct run_ctx *ctx, struct test_result *res, const char *sub,
	      const char *fix)
{
	memset(res, 0, sizeof(*res));
	if (fix)
		snprintf(res->fixed_by, sizeof(res->fixed_by), "%s", fix);
	return subtest_begin(ctx, res, sub);
}

void rt_end(struct run_ctx *ctx, struct test_result *res)
{
	subtest_end(ctx, res);
}

bool rt_crash_allowed(void)
{
	const char *vm = getenv("BPF_REFS_IN_VM");
	const char *flag = getenv("BPF_REFS_ALLOW_CRASH");

	return (vm && !strcmp(vm, "1")) || (flag && !strcmp(flag, "1"));
}

bool rt_missing(struct run_ctx *ctx, const char *const *kfuncs,
		const char *const *st_ops, enum bpf_prog_type type,
		struct test_result *res)
{
	struct test_spec spec = {};

	while (kfuncs && *kfuncs && spec.kfunc_cnt < BPF_REFS_MAX_NEEDS)
		spec.kfuncs[spec.kfunc_cnt++] = (char *)*kfuncs++;
	while (st_ops && *st_ops && spec.struct_ops_cnt < BPF_REFS_MAX_NEEDS)
		spec.struct_ops[spec.struct_ops_cnt++] = (char *)*st_ops++;
	if (!features_missing(&ctx->feat, &spec, type, "", res->reason,
			      sizeof(res->reason)))
		return false;
	res->status = TEST_SKIP;
	return true;
}

/* A struct_ops program loads with the other members of its qdisc. */
static bool with_qdisc_members(const struct bpf_program *p, int i, void *arg)
{
	return bpf_program__type(p) == BPF_PROG_TYPE_STRUCT_OPS &&
	       !strncmp(bpf_program__name(p), "refs_", 5);
}

struct bpf_object *rt_load(struct run_ctx *ctx, const char *obj_name,
			   const char *prog, bool *verifier_ran, int *err,
			   struct test_result *res)
{
	char path[4096], ops[BPF_REFS_NAME_LEN + 8];
	struct load_req req = {
		.path = path,
		.prog = prog,
		.with = with_qdisc_members,
		.struct_ops_map = ops,
		.log_level = 1 | LOADER_LOG_STATS,
		.verbose = ctx->verbose > 1,
	};
	const struct kfunc_probe *refusal;
	struct loader_log log = {};
	struct loaded ld;

	snprintf(path, sizeof(path), "%s/%s.bpf.o", ctx->obj_dir, obj_name);
	snprintf(ops, sizeof(ops), "ops_%s", prog);
	*verifier_ran = false;
	if (loader_load(&req, &log, &ld)) {
		rt_set(res, TEST_FAIL, "%s", ld.error);
		*err = -ENOENT;
		free(log.buf);
		return NULL;
	}
	*err = ld.err;
	*verifier_ran = ld.verifier_ran;
	if (ctx->verbose > 1 || (*err && ctx->verbose))
		report_diag(&ctx->rep, log.buf);
	free(log.buf);
	refusal = kfunc_policy_refusal(&ctx->policy, ctx->feat.vmlinux_btf,
				       ld.prog, ld.err);
	if (refusal) {
		res->status = TEST_SKIP;
		res->expect.source = EXPECT_PROBE;
		kfunc_refusal_text(refusal, res->reason, sizeof(res->reason));
		*err = -ENOENT;
		loader_close(&ld);
		return NULL;
	}
	return ld.obj;
}

struct bpf_object *rt_load_unsafe(struct run_ctx *ctx, const char *obj_name,
				  const char *prog, struct test_result *res)
{
	struct bpf_object *obj;
	bool verifier_ran;
	int err;

	obj = rt_load(ctx, obj_name, prog, &verifier_ran, &err, res);
	if (err == -ENOENT)
		return NULL;
	if (err && !verifier_ran)
		rt_set(res, TEST_FAIL, "load failed before verification: %s",
		       strerror(-err));
	if (err)
		goto close;	/* rejected: nothing to run, the probe passes */
	if (rt_crash_allowed())
		return obj;
	rt_set(res, TEST_SKIP, "%s", RT_NOT_IN_VM);
close:
	bpf_object__close(obj);
	return NULL;
}

int rt_prog_fd(struct bpf_object *obj, const char *prog)
{
	struct bpf_program *p;

	p = bpf_object__find_program_by_name(obj, prog);
	return p ? bpf_program__fd(p) : -ENOENT;
}

static int rt_bss_rw(struct bpf_object *obj, void *buf, size_t len,
		     bool write)
{
	struct bpf_map *map;
	__u32 zero = 0;
	char *val;
	int err;

	bpf_object__for_each_map(map, obj) {
		const char *name = bpf_map__name(map);
		size_t n = strlen(name);

		if (n < 4 || strcmp(name + n - 4, ".bss"))
			continue;
		if (bpf_map__value_size(map) < len)
			return -EMSGSIZE;
		val = calloc(1, bpf_map__value_size(map));
		if (!val)
			return -ENOMEM;
		err = bpf_map_lookup_elem(bpf_map__fd(map), &zero, val);
		if (!err && write) {
			memcpy(val, buf, len);
			err = bpf_map_update_elem(bpf_map__fd(map), &zero, val,
						  BPF_ANY);
		}
		if (err)
			err = -errno;
		else if (!write)
			memcpy(buf, val, len);
		free(val);
		return err;
	}
	return -ENOENT;
}

int rt_bss(struct bpf_object *obj, void *buf, size_t len)
{
	return rt_bss_rw(obj, buf, len, false);
}

int rt_bss_set(struct bpf_object *obj, const void *buf, size_t len)
{
	return rt_bss_rw(obj, (void *)buf, len, true);
}

void rt_fill_packet(unsigned char *pkt, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		pkt[i] = i * 5 + 7;
	pkt[12] = 0x08;
	pkt[13] = 0x00;
}

int rt_test_run(int prog_fd, const unsigned char *pkt, size_t len,
		unsigned char *out, __u32 *retval)
{
	LIBBPF_OPTS(bpf_test_run_opts, topts,
		    .data_in = pkt,
		    .data_size_in = len,
		    .data_out = out,
		    .data_size_out = out ? len : 0,
		    .repeat = 1);
	int err;

	err = bpf_prog_test_run_opts(prog_fd, &topts);
	if (err)
		return -errno;
	if (out && topts.data_size_out != len)
		return -EMSGSIZE;
	*retval = topts.retval;
	return 0;
}

int rt_ring_map(struct rt_ring *r, int map_fd, size_t size)
{
	r->page = sysconf(_SC_PAGESIZE);
	r->size = size;
	r->cons = mmap(NULL, r->page, PROT_READ | PROT_WRITE, MAP_SHARED,
		       map_fd, 0);
	if (r->cons == MAP_FAILED)
		return -errno;
	/* the data pages are mapped twice in a row: records never wrap */
	r->prod = mmap(NULL, r->page + 2 * size, PROT_READ, MAP_SHARED,
		       map_fd, r->page);
	if (r->prod == MAP_FAILED) {
		int err = -errno;

		munmap(r->cons, r->page);
		return err;
	}
	return 0;
}

int rt_ring_records(const struct rt_ring *r, struct rt_record *recs,
		    int max)
{
	unsigned long cons, prod;
	const unsigned char *data = (unsigned char *)r->prod + r->page;
	int n = 0;

	cons = __atomic_load_n((unsigned long *)r->cons, __ATOMIC_ACQUIRE);
	prod = __atomic_load_n((unsigned long *)r->prod, __ATOMIC_ACQUIRE);
	while (cons < prod && n < max) {
		const unsigned char *hdr = data + (cons & (r->size - 1));
		__u32 len = __atomic_load_n((__u32 *)hdr, __ATOMIC_ACQUIRE);

		recs[n].busy = len & BPF_RINGBUF_BUSY_BIT;
		recs[n].discarded = len & BPF_RINGBUF_DISCARD_BIT;
		recs[n].len = len & ~(BPF_RINGBUF_BUSY_BIT |
				      BPF_RINGBUF_DISCARD_BIT);
		recs[n].data = hdr + BPF_RINGBUF_HDR_SZ;
		n++;
		if (recs[n - 1].busy)
			break;
		cons += (recs[n - 1].len + BPF_RINGBUF_HDR_SZ + 7) & ~7UL;
	}
	return n;
}

void rt_ring_unmap(struct rt_ring *r)
{
	munmap(r->prod, r->page + 2 * r->size);
	munmap(r->cons, r->page);
}

/*
 * SIGINT/SIGTERM while a probe child lives: the child is killed (its
 * namespace goes with it), then the signal is the runner's, as at any
 * other time: its handler records it and the run stops after the subtest
 * in flight, with a Bail out! and the JSON file saying so.  The runner's
 * handler is the one in place whenever no child lives.
 */
static struct sigaction rt_runner_sa[2];	/* SIGINT, SIGTERM */
static int rt_live;				/* children tracked */

static void rt_on_signal(int sig)
{
	const struct sigaction *prev = &rt_runner_sa[sig == SIGTERM];
	int i;

	for (i = 0; i < RT_MAX_CHILDREN; i++)
		if (rt_children[i] > 0)
			kill(rt_children[i], SIGKILL);
	if (prev->sa_handler == SIG_IGN)
		return;
	if (prev->sa_handler != SIG_DFL) {
		prev->sa_handler(sig);
		return;
	}
	/* BPF objects are fds of this process: dying releases them */
	signal(sig, SIG_DFL);
	raise(sig);
}

static int rt_track(pid_t pid)
{
	struct sigaction sa = { .sa_handler = rt_on_signal };
	int i;

	for (i = 0; i < RT_MAX_CHILDREN; i++)
		if (!rt_children[i]) {
			rt_children[i] = pid;
			break;
		}
	if (i == RT_MAX_CHILDREN)
		return -EBUSY;
	if (!rt_live++) {
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, &rt_runner_sa[0]);
		sigaction(SIGTERM, &sa, &rt_runner_sa[1]);
	}
	return 0;
}

static void rt_untrack(pid_t pid)
{
	int i;

	for (i = 0; i < RT_MAX_CHILDREN; i++)
		if (rt_children[i] == pid) {
			rt_children[i] = 0;
			if (!--rt_live) {
				sigaction(SIGINT, &rt_runner_sa[0], NULL);
				sigaction(SIGTERM, &rt_runner_sa[1], NULL);
			}
		}
}

/*
 * Test hook: BPF_REFS_TEST_CHILD_HOLD_MS=N holds a probe child N ms
 * before it starts, for a test to signal the run while a child lives
 * (tests/cli_test.sh).
 */
static void rt_test_hold(void)
{
	const char *ms = getenv("BPF_REFS_TEST_CHILD_HOLD_MS");
	struct timespec ts;
	long n = ms ? strtol(ms, NULL, 10) : 0;

	if (n <= 0)
		return;
	ts.tv_sec = n / 1000;
	ts.tv_nsec = (n % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void rt_child(int (*fn)(void *, char *, size_t), void *arg,
		     pid_t parent, int wfd)
{
	char msg[BPF_REFS_REASON_LEN] = "";
	int ret;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	rt_test_hold();
	if (unshare(CLONE_NEWNET)) {
		ret = -errno;
		snprintf(msg, sizeof(msg), "unshare(CLONE_NEWNET): %s",
			 strerror(errno));
	} else {
		ret = fn(arg, msg, sizeof(msg));
	}
	if (write(wfd, &ret, sizeof(ret)) != sizeof(ret) ||
	    write(wfd, msg, strlen(msg)) < 0)
		_exit(1);
	_exit(0);
}

int rt_in_netns(int (*fn)(void *arg, char *msg, size_t len), void *arg,
		int timeout_s, char *msg, size_t len)
{
	int fds[2], ret = -ECHILD, status;
	sigset_t stop, old;
	struct pollfd pfd;
	size_t got = 0;
	char buf[sizeof(int) + BPF_REFS_REASON_LEN];
	pid_t pid, parent = getpid();
	__u64 deadline = now_us() + timeout_s * 1000000ULL;
	ssize_t n;

	msg[0] = '\0';
	if (pipe2(fds, O_CLOEXEC))
		return -errno;
	fflush(stdout);
	/* a signal before the child is tracked waits until it is */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &old);
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		sigprocmask(SIG_SETMASK, &old, NULL);
		close(fds[0]);
		close(fds[1]);
		return ret;
	}
	if (!pid) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		close(fds[0]);
		rt_child(fn, arg, parent, fds[1]);
	}
	close(fds[1]);
	if (rt_track(pid)) {
		kill(pid, SIGKILL);
		snprintf(msg, len, "too many probe children");
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	while (got < sizeof(buf)) {
		__u64 now = now_us();

		if (now >= deadline) {
			kill(pid, SIGKILL);
			snprintf(msg, len, "probe child timed out after %d s",
				 timeout_s);
			ret = -ETIMEDOUT;
			break;
		}
		if (poll(&pfd, 1, (deadline - now) / 1000 + 1) <= 0)
			continue;
		n = read(fds[0], buf + got, sizeof(buf) - got);
		if (n <= 0)
			break;
		got += n;
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	rt_untrack(pid);
	if (ret == -ETIMEDOUT)
		return ret;
	if (got < sizeof(int)) {
		snprintf(msg, len, "probe child died (%s %d)",
			 WIFSIGNALED(status) ? "signal" : "status",
			 WIFSIGNALED(status) ? WTERMSIG(status) :
			 WEXITSTATUS(status));
		return -ECHILD;
	}
	memcpy(&ret, buf, sizeof(ret));
	snprintf(msg, len, "%.*s", (int)(got - sizeof(int)),
		 buf + sizeof(int));
	return ret;
}

int rt_veth_pair(char *msg, size_t len)
{
	static const char *const add[] = {
		"ip", "link", "add", RT_VETH, "type", "veth", "peer", "name",
		RT_VETH_PEER, NULL
	};
	static const char *const up0[] = {
		"ip", "link", "set", RT_VETH, "up", NULL
	};
	static const char *const up1[] = {
		"ip", "link", "set", RT_VETH_PEER, "up", NULL
	};
	char err[BPF_REFS_REASON_LEN];
	const char *why;

	if (rt_exec(add, err, sizeof(err))) {
		snprintf(msg, len, "%s", err);
		/* the kernel's answer when no veth driver is there to load */
		if (!strstr(err, "Unknown device type") &&
		    !strstr(err, "Operation not supported"))
			return -EIO;
		why = getenv("BPF_REFS_NO_MODULES");
		if (why)
			snprintf(msg, len,
				 "kernel lacks veth (no module in the guest: %s)",
				 why);
		else
			snprintf(msg, len, "kernel lacks veth (ip: %s)", err);
		return -ENODEV;
	}
	if (rt_exec(up0, msg, len) || rt_exec(up1, msg, len))
		return -EIO;
	return 0;
}

int rt_link_up(const char *ifname, char *msg, size_t len)
{
	struct ifreq ifr = {};
	int fd, err = 0;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		err = -errno;
	} else {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			err = -errno;
	}
	if (err)
		snprintf(msg, len, "cannot bring %s up: %s", ifname,
			 strerror(-err));
	if (fd >= 0)
		close(fd);
	return err;
}

int rt_send_frames(const char *ifname, int cnt, __u32 mark, int *refused,
		   char *msg, size_t len)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_halen = ETH_ALEN,
	};
	unsigned char frame[RT_PKT_LEN];
	int fd, i, err = 0;

	if (refused)
		*refused = 0;
	sll.sll_ifindex = if_nametoindex(ifname);
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(msg, len, "AF_PACKET socket: %s", strerror(errno));
		return -errno;
	}
	rt_fill_packet(frame, sizeof(frame));
	memset(frame, 0xff, ETH_ALEN);
	memcpy(frame + 14, &mark, sizeof(mark));
	for (i = 0; i < cnt && !err; i++) {
		if (sendto(fd, frame, sizeof(frame), 0,
			   (struct sockaddr *)&sll, sizeof(sll)) >= 0)
			continue;
		/*
		 * The qdisc's NET_XMIT_DROP comes back as ENOBUFS: the frame
		 * was enqueued (and dropped), so go on with the next one.
		 */
		if (errno == ENOBUFS && refused) {
			(*refused)++;
			continue;
		}
		err = -errno;
		snprintf(msg, len, "sendto %s: %s", ifname, strerror(errno));
	}
	close(fd);
	return err;
}

int rt_exec(const char *const *argv, char *err, size_t len)
{
	int fds[2], status, dn;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	err[0] = '\0';
	if (pipe2(fds, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -errno;
	}
	if (!pid) {
		dn = open("/dev/null", O_RDWR);
		dup2(dn, 0);
		dup2(dn, 1);
		dup2(fds[1], 2);
		execvp(argv[0], (char *const *)argv);
		dprintf(2, "cannot run %s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	while (got + 1 < len &&
	       (n = read(fds[0], err + got, len - got - 1)) > 0)
		got += n;
	err[got] = '\0';
	err[strcspn(err, "\n")] = '\0';
	close(fds[0]);
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 127 ? -ENOENT :
	       -EIO;
}
