# SPDX-License-Identifier: GPL-2.0
#
# One topic of progs/, its local headers already inlined, to an upstream
# selftests/bpf program (tools/upstream/upstream-patch.sh).  Splits the text into
# top-level chunks (a function, a declaration, a preprocessor line with its
# continuations, each with the comments above it), keeps the selected test
# programs, the auxiliary ones, every declaration that names no dropped
# test and the static functions the kept code calls, and rewrites the
# annotations to upstream's: __needs_*() are dropped (upstream's loader
# has no such skip), __fixed_by() and __broken_by() go to the commit
# message, __regex(re) becomes __msg("{{" re "}}").
#   -v want="SUBTEST..."   the tests to keep (empty: all)
#   -v meta=FILE           gets "name<TAB>description<TAB>fix<TAB>broken_by"
#                          a kept test
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
	for (i = 1; i <= NR; i++) {
		c = code_of(line[i])
		ccode[nc] = ccode[nc] c "\n"
		t = c
		gsub(/^[ \t]+|[ \t]+$/, "", t)
		if (depth == 0 && !pp && t ~ /^#/)
			pp = 1
		if (pp) {
			if (t !~ /\\$/) { pp = 0; last[nc] = i; first[++nc] = i + 1 }
			continue
		}
		depth += count(c, "{") - count(c, "}")
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
		} else if (code ~ /\{/ && code ~ /\)[ \t\n]*\{/) {
			kind[k] = "func"
			h = code
			sub(/\(.*/, "", h)
			sub(/.*[^A-Za-z0-9_]/, "", h)
			name[k] = h
		}
	}

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
			if (refers(ccode[k], t))
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
				if (keep[j] && kind[j] != "pp" && refers(ccode[j], name[k])) {
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
		desc = fix = broken = ""
		for (i = first[k]; i <= last[k]; i++) {
			s = line[i]
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
			printf "%s\t%s\t%s\t%s\n", name[k], desc, fix, broken > meta
	}
}
