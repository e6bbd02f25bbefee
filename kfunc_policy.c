// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's kfunc policy; see kfunc_policy.h.  A probe is refused when
 * the verifier ran and its load failed with EPERM, or its log says "is
 * not allowed" ("calling kernel function K is not allowed" upstream, "K()
 * is not allowed" by a local policy).  A probe that fails for any other
 * reason (the kfunc is missing, the type is not supported) refuses
 * nothing: the tests then show what the kernel does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "kfunc_policy.h"
#include "lists.h"
#include "loader.h"
#include "reporter.h"

#define NOT_ALLOWED	" is not allowed"
#define CALLING		"calling kernel function "

/* The kfunc a probe calls: its program's name up to "__". */
static void probe_target(const char *prog, char *kfunc, size_t len)
{
	const char *sep = strstr(prog, "__");

	snprintf(kfunc, len, "%.*s", sep ? (int)(sep - prog) : (int)strlen(prog),
		 prog);
}

/*
 * The kfunc a refusal line of log names, into kfunc; the line into why.
 * False when the log has no such line.
 */
static bool refusal_line(const char *log, char *kfunc, size_t len, char *why,
			 size_t why_len)
{
	const char *hit = strstr(log, NOT_ALLOWED), *bol, *name;
	size_t n;

	if (!hit)
		return false;
	for (bol = hit; bol > log && bol[-1] != '\n'; bol--)
		;
	snprintf(why, why_len, "%.*s", (int)(hit - bol + strlen(NOT_ALLOWED)),
		 bol);
	name = strstr(bol, CALLING);
	name = name && name < hit ? name + strlen(CALLING) : bol;
	n = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
	if (n && name + n <= hit)
		snprintf(kfunc, len, "%.*s", (int)n, name);
	return true;
}

void kfunc_probe_read(struct kfunc_probe *pr, const char *prog, int load_err,
		      bool verifier_ran, const char *log)
{
	probe_target(prog, pr->kfunc, sizeof(pr->kfunc));
	pr->refused = false;
	pr->err = 0;
	pr->why[0] = '\0';
	if (!load_err || !verifier_ran ||
	    (!refusal_line(log, pr->kfunc, sizeof(pr->kfunc), pr->why,
			   sizeof(pr->why)) && load_err != -EPERM))
		return;
	pr->refused = true;
	pr->err = load_err;
	if (!pr->why[0])
		snprintf(pr->why, sizeof(pr->why), "%s", err_str(load_err));
	ktap_text(pr->why);
}

static int probe_one(struct kfunc_policy *p, const char *path,
		     const char *prog, enum bpf_prog_type type,
		     struct loader_log *log)
{
	struct load_req req = {
		.path = path,
		.prog = prog,
		.log_level = 1,
	};
	struct kfunc_probe *slot, pr = { .type = type };
	struct loaded ld;
	int err;

	err = loader_load(&req, log, &ld);
	if (err)
		return err;
	kfunc_probe_read(&pr, prog, ld.err, ld.verifier_ran, log->buf);
	loader_close(&ld);
	slot = realloc(p->probes, (p->cnt + 1) * sizeof(*slot));
	if (!slot)
		return -ENOMEM;
	p->probes = slot;
	p->probes[p->cnt++] = pr;
	return 0;
}

int kfunc_policy_probe(struct kfunc_policy *p, const char *path, char *why,
		       size_t len)
{
	char msgs[4096] = "", safe[PATH_MAX], name[BPF_REFS_NAME_LEN];
	struct loader_log log = { .max = LOADER_LOG_SIZE };
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err, fd;

	ktap_path(safe, sizeof(safe), path);
	/* a FIFO there would wait for a writer, a device never end */
	fd = open_regular(path);
	if (fd < 0) {
		snprintf(why, len, "cannot open %s: %s", safe,
			 list_err_str(fd));
		return fd;
	}
	close(fd);
	obj = loader_open(path, &err, msgs, sizeof(msgs));
	if (!obj) {
		snprintf(why, len, "cannot open %s: %s", safe, err_str(err));
		return err;
	}
	bpf_object__for_each_program(prog, obj) {
		err = probe_one(p, path, bpf_program__name(prog),
				bpf_program__type(prog), &log);
		if (err) {
			ktap_name(name, sizeof(name), bpf_program__name(prog));
			snprintf(why, len, "probe %s of %s: %s", name, safe,
				 err_str(err));
			break;
		}
	}
	bpf_object__close(obj);
	free(log.buf);
	return err;
}

void kfunc_policy_free(struct kfunc_policy *p)
{
	free(p->probes);
	p->probes = NULL;
	p->cnt = 0;
}

/* Does prog call kfunc name of vmlinux?  (libbpf put its BTF id in imm.) */
static bool calls_kfunc(const struct btf *vmlinux,
			const struct bpf_program *prog, const char *name)
{
	const struct bpf_insn *insn = bpf_program__insns(prog);
	size_t i, cnt = bpf_program__insn_cnt(prog);
	int id = btf__find_by_name_kind(vmlinux, name, BTF_KIND_FUNC);

	for (i = 0; id > 0 && insn && i < cnt; i++)
		if (insn[i].code == (BPF_JMP | BPF_CALL) &&
		    insn[i].src_reg == BPF_PSEUDO_KFUNC_CALL &&
		    insn[i].imm == id && !insn[i].off)
			return true;
	return false;
}

/* Is kfunc refused for type: by its probe of that type, else by any. */
static const struct kfunc_probe *refused_for(const struct kfunc_policy *p,
					     const char *kfunc,
					     enum bpf_prog_type type)
{
	const struct kfunc_probe *any = NULL;
	int i;

	for (i = 0; i < p->cnt; i++) {
		if (strcmp(p->probes[i].kfunc, kfunc))
			continue;
		if (p->probes[i].type == type)
			return p->probes[i].refused ? &p->probes[i] : NULL;
		if (p->probes[i].refused && !any)
			any = &p->probes[i];
	}
	return any;
}

const struct kfunc_probe *kfunc_policy_refusal(const struct kfunc_policy *p,
					       const struct btf *vmlinux,
					       const struct bpf_program *prog,
					       int load_err)
{
	const struct kfunc_probe *r;
	int i;

	if (!load_err || !vmlinux || !prog)
		return NULL;
	for (i = 0; i < p->cnt; i++) {
		if (!p->probes[i].refused)
			continue;
		r = refused_for(p, p->probes[i].kfunc,
				bpf_program__type(prog));
		if (r && r->err == load_err &&
		    calls_kfunc(vmlinux, prog, r->kfunc))
			return r;
	}
	return NULL;
}

void kfunc_refusal_text(const struct kfunc_probe *r, char *buf, size_t len)
{
	snprintf(buf, len, "kernel refuses kfunc %s in %s programs (probe: %s, '%s')",
		 r->kfunc, libbpf_bpf_prog_type_str(r->type), err_str(r->err),
		 r->why);
}
