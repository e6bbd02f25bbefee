# SPDX-License-Identifier: GPL-2.0
#
# One topic of progs/, its local headers already inlined, to an upstream
# selftests/bpf program (tools/upstream/upstream-patch.sh).  Splits the text into
# top-level chunks (a function, a declaration, a preprocessor line with its
# continuations, a use of a function-like macro of the topic, each with the
# comments above it), keeps the selected test programs, the auxiliary ones,
# every declaration that names no dropped test and the static functions
# the kept code calls (the topic's macros expanded: a function that a
# macro use defines, and what it calls), and rewrites the
# annotations to upstream's: __needs_*() are dropped (upstream's loader
# has no such skip), __fixed_by() and __broken_by() go to the commit
# message, __regex(re) becomes __msg("{{" re "}}").
#   -v want="SUBTEST..."   the tests to keep (empty: all)
#   -v meta=FILE           gets "name<TAB>description<TAB>fix<TAB>broken_by
#                          <TAB>section" a kept test
#   -v macros=FILE         a header whose string macros a __fixed_by() or
#                          __broken_by() may name (bpf_refs_misc.h, which
#                          upstream's headers replace)
#   -v missing=FILE        gets the wanted tests the topic does not have

# The code of a line: no comments, no string or character literals.
function code_of(s,	out, i, c, q) {
	out = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (incomment) {
			if (substr(s, i, 2) == "*/") { incomment = 0; i++ }
			continue
		}
		if (substr(s, i, 2) == "/*") { incomment = 1; i++; continue }
		if (substr(s, i, 2) == "//") break
		if (c == "\"" || c == "'") {
			q = c
			for (i++; i <= length(s); i++) {
				c = substr(s, i, 1)
				if (c == "\\") { i++; continue }
				if (c == q) break
			}
			out = out q q
			continue
		}
		out = out c
	}
	return out
}

function count(s, ch,	n, i) {
	n = 0
	for (i = 1; i <= length(s); i++)
		if (substr(s, i, 1) == ch)
			n++
	return n
}

function refers(text, name) {
	return text ~ ("(^|[^A-Za-z0-9_])" name "([^A-Za-z0-9_]|$)")
}

# The contents of the string literals of s, concatenated.
function strings_of(s,	out) {
	out = ""
	while (match(s, /"([^"\\]|\\.)*"/)) {
		out = out substr(s, RSTART + 1, RLENGTH - 2)
		s = substr(s, RSTART + RLENGTH)
	}
	return out
}

# The change a __fixed_by() or __broken_by() names: its string, or the
# string of the macro it names ("?NAME" when none is known).
function tag_value(a) {
	if (a ~ /^"/)
		return strings_of(a)
	return (a in defs) ? defs[a] : "?" a
}

# Chunk k is a program: a line of its own starts with SEC("...").
function progline(k,	i) {
	for (i = first[k]; i <= last[k]; i++)
		if (line[i] ~ /^SEC\("/)
			return 1
	return 0
}

# body with each identifier that names a parameter in parg[] replaced by
# its argument
function subst(body,	out, id)
{
	out = ""
	while (match(body, /[A-Za-z0-9_]+/)) {
		out = out substr(body, 1, RSTART - 1)
		id = substr(body, RSTART, RLENGTH)
		body = substr(body, RSTART + RLENGTH)
		out = out ((id in parg) ? parg[id] : id)
	}
	return out body
}

# Code s with the macros of the topic expanded, lvl levels deep at most:
# an object-like one by its body, a function-like one with its arguments
# (up to the closing parenthesis) by its body with them in place and "##"
# pasted.  What a chunk refers to once preprocessed, such as the function
# "LEVEL(2, 1)" defines and the one it calls.
function expand(s, lvl,	out, id, pn, np, av, na, a, j, c, pd, x)
{
	if (lvl > 8)
		return s
	out = ""
	while (match(s, /[A-Za-z0-9_]+/)) {
		out = out substr(s, 1, RSTART - 1)
		id = substr(s, RSTART, RLENGTH)
		s = substr(s, RSTART + RLENGTH)
		if (id in mobj) {
			out = out " " expand(mobj[id], lvl + 1) " "
			continue
		}
		if (!(id in mpar) || !match(s, /^[ \t\n]*\(/)) {
			out = out id
			continue
		}
		s = substr(s, RLENGTH + 1)
		na = pd = 0
		a = ""
		for (j = 1; j <= length(s); j++) {
			c = substr(s, j, 1)
			if (c == ")" && pd == 0)
				break
			if (c == "," && pd == 0) {
				av[++na] = a
				a = ""
				continue
			}
			pd += (c == "(") - (c == ")")
			a = a c
		}
		av[++na] = a
		s = substr(s, j + 1)
		for (x in parg)
			delete parg[x]
		np = split(mpar[id], pn, ",")
		for (j = 1; j <= np; j++) {
			gsub(/[ \t\n]/, "", pn[j])
			a = av[j]
			gsub(/^[ \t\n]+|[ \t\n]+$/, "", a)
			parg[pn[j]] = a
		}
		x = subst(mbody[id])
		gsub(/[ \t]*##[ \t]*/, "", x)
		out = out " " expand(x, lvl + 1) " "
	}
	return out s
}

BEGIN {
	# the argument of __fixed_by() and __broken_by(): a string, which may
	# hold parentheses, or a macro
	targ = "[(](\"([^\"\\\\]|\\\\.)*\"|[A-Za-z0-9_]+)[)]"
	nw = split(want, w, " ")
	for (i = 1; i <= nw; i++)
		wanted[w[i]] = 1
	# "#define NAME \" lines with their continuations
	v = ""
	while (macros != "" && (getline l < macros) > 0) {
		v = v l
		if (l ~ /\\$/)
			continue
		if (match(v, /^#[ \t]*define[ \t]+[A-Za-z0-9_]+/)) {
			d = substr(v, RSTART, RLENGTH)
			sub(/#[ \t]*define[ \t]+/, "", d)
			defs[d] = strings_of(substr(v, RSTART + RLENGTH))
		}
		v = ""
	}
}

{ line[NR] = $0 }

END {
	nc = 1
	first[1] = 1
	depth = 0
	pp = 0
	muse = 0
	for (i = 1; i <= NR; i++) {
		c = code_of(line[i])
		bare = ccode[nc] !~ /[^ \t\n]/
		ccode[nc] = ccode[nc] c "\n"
		t = c
		gsub(/^[ \t]+|[ \t]+$/, "", t)
		if (depth == 0 && !pp && t ~ /^#/)
			pp = 1
		# the function-like macros: a line that uses one leads a chunk
		if (pp && match(t, /^#[ \t]*define[ \t]+[A-Za-z0-9_]+\(/)) {
			m = substr(t, RSTART, RLENGTH - 1)
			sub(/^#[ \t]*define[ \t]+/, "", m)
			fmac[m] = 1
		}
		if (pp) {
			if (t !~ /\\$/) { pp = 0; last[nc] = i; first[++nc] = i + 1 }
			continue
		}
		# a chunk of its own, whether a semicolon ends it or not
		if (depth == 0 && bare && match(t, /^[A-Za-z0-9_]+[ \t]*\(/)) {
			m = substr(t, 1, RLENGTH - 1)
			sub(/[ \t]+$/, "", m)
			if (m in fmac) {
				muse = 1
				isuse[nc] = 1
				pd = 0
			}
		}
		depth += count(c, "{") - count(c, "}")
		if (muse) {
			pd += count(c, "(") - count(c, ")")
			if (pd == 0 && depth == 0) {
				muse = 0
				last[nc] = i
				first[++nc] = i + 1
			}
			continue
		}
		if (depth == 0 && t ~ /[;}]$/) { last[nc] = i; first[++nc] = i + 1 }
	}
	last[nc] = NR
	if (first[nc] > NR)
		nc--

	for (k = 1; k <= nc; k++) {
		code = ccode[k]
		kind[k] = "data"
		if (code ~ /(^|\n)[ \t]*#/) {
			kind[k] = "pp"
			if (match(code, /#[ \t]*define[ \t]+[A-Za-z0-9_]+/)) {
				d = substr(code, RSTART, RLENGTH)
				sub(/#[ \t]*define[ \t]+/, "", d)
				v = ""
				for (i = first[k]; i <= last[k]; i++)
					v = v line[i]
				defs[d] = strings_of(v)
				v = code
				sub(/^.*#[ \t]*define[ \t]+[A-Za-z0-9_]+/, "", v)
				m = v
				gsub(/\\\n/, " ", m)
				if (m ~ /^\(/) {
					mpar[d] = substr(m, 2, index(m, ")") - 2)
					mbody[d] = substr(m, index(m, ")") + 1)
				} else {
					mobj[d] = m
				}
				if (v ~ /""/ && v ~ /^[ \t\\\n"]*$/) {
					kind[k] = "strdef"
					name[k] = d
				}
			}
		} else if (progline(k)) {
			kind[k] = "test"
			for (i = first[k]; i <= last[k]; i++)
				if (line[i] ~ /^__auxiliary/)
					kind[k] = "aux"
			for (i = first[k]; i <= last[k]; i++) {
				s = line[i]
				if (s ~ /^(SEC|__)/ || s ~ /^[ \t]*(\/\*|\*)/ || s !~ /\(/)
					continue
				if (match(s, /BPF_PROG\([A-Za-z0-9_]+/))
					name[k] = substr(s, RSTART + 9, RLENGTH - 9)
				else if (match(s, /[A-Za-z0-9_]+\(/))
					name[k] = substr(s, RSTART, RLENGTH - 1)
				break
			}
		} else if (isuse[k]) {
			# a macro that defines a function
			h = expand(code, 0)
			if (h ~ /\{/ && h ~ /\)[ \t\n]*\{/) {
				kind[k] = "func"
				sub(/\(.*/, "", h)
				sub(/.*[^A-Za-z0-9_]/, "", h)
				name[k] = h
			}
		} else if (code ~ /\{/ && code ~ /\)[ \t\n]*\{/) {
			kind[k] = "func"
			h = code
			sub(/\(.*/, "", h)
			sub(/.*[^A-Za-z0-9_]/, "", h)
			name[k] = h
		}
	}

	# what each chunk refers to once preprocessed
	for (k = 1; k <= nc; k++)
		if (kind[k] != "pp" && kind[k] != "strdef")
			ecode[k] = expand(ccode[k], 0)
	for (k = 1; k <= nc; k++) {
		if (kind[k] == "test") {
			tests[name[k]] = k
			keep[k] = (nw == 0 || name[k] in wanted)
			if (!keep[k])
				dropped[name[k]] = 1
		}
		if (kind[k] == "pp" || kind[k] == "aux")
			keep[k] = 1
	}
	for (k = 1; k <= nc; k++) {
		if (kind[k] != "data")
			continue
		keep[k] = 1
		for (t in dropped)
			if (refers(ecode[k], t))
				keep[k] = 0
	}
	for (t in wanted)
		if (!(t in tests))
			print t > missing
	do {
		more = 0
		for (k = 1; k <= nc; k++) {
			if (kind[k] != "func" || keep[k])
				continue
			for (j = 1; j <= nc; j++)
				if (keep[j] && kind[j] != "pp" && refers(ecode[j], name[k])) {
					keep[k] = more = 1
					break
				}
		}
	} while (more)
	# a string macro only __fixed_by() or __broken_by() used goes with it
	for (k = 1; k <= nc; k++) {
		if (kind[k] != "strdef")
			continue
		for (j = 1; j <= nc; j++) {
			if (!keep[j] || j == k)
				continue
			c = ccode[j]
			gsub("__(fixed|broken)_by" targ, "", c)
			if (refers(c, name[k]))
				keep[k] = 1
		}
	}

	for (k = 1; k <= nc; k++) {
		# the blank line that led a dropped chunk leads the next kept one
		if (!keep[k]) {
			if (line[first[k]] ~ /^[ \t]*$/)
				blank = 1
			continue
		}
		if (blank && line[first[k]] !~ /^[ \t]*$/)
			print ""
		blank = 0
		desc = fix = broken = sec = ""
		for (i = first[k]; i <= last[k]; i++) {
			s = line[i]
			if (kind[k] == "test" && s ~ /^SEC\("/)
				sec = strings_of(s)
			if (kind[k] == "test" && s ~ /^__/) {
				if (match(s, /__description\("([^"\\]|\\.)*"\)/))
					desc = strings_of(substr(s, RSTART, RLENGTH))
				if (match(s, "__fixed_by" targ))
					fix = tag_value(substr(s, RSTART + 11, RLENGTH - 12))
				if (match(s, "__broken_by" targ))
					broken = tag_value(substr(s, RSTART + 12, RLENGTH - 13))
				gsub("__(fixed|broken)_by" targ "|__needs_(kfunc|helper|struct_ops)[(][^)]*[)]", "", s)
				while (match(s, /__regex\([^)]*\)/))
					s = substr(s, 1, RSTART - 1) "__msg(\"{{\" " \
					    substr(s, RSTART + 8, RLENGTH - 9) " \"}}\")" \
					    substr(s, RSTART + RLENGTH)
				# a comment left alone on a tag line was about a tag
				if (s ~ /^[ \t]*(\/\*.*\*\/)?[ \t]*$/)
					continue
				sub(/[ \t]+$/, "", s)
			}
			print s
		}
		if (kind[k] == "test")
			printf "%s\t%s\t%s\t%s\t%s\n", name[k], desc, fix, broken,
			       sec > meta
	}
}
