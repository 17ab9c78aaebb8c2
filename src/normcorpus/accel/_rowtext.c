/* The text of a row in one pass: a store row's clause lower-cased, folded and
 * its tokens counted, a list of strings as the JSON array orjson would write;
 * and a TSV file's rows cut into segment pairs (accel/tsvrows.py).
 *
 * The first two give up (return None) on anything their tables or rules do not
 * cover; the Python callers then take the plain rule (accel/foldcount.py,
 * accel/jsonline.py), which the tests compare them with. The third hands back
 * the row it does not take (accel/tsvrows.py). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "structmember.h"

/* lower_fold_count(text, lower, fold, kinds) -> (lowered, folded, tokens) | None
 *
 * `lower` and `fold` are tables of 2-byte code units (native order), one a code
 * point below their length: the code point lower-cased, and the lower-cased one
 * folded. `kinds` has one byte a code point: 0 not covered (the caller's rule
 * does not map it to one character on its own), 1 covered, 2 covered and a
 * token character once lower-cased. A token is a run of token characters. */
static PyObject *
lower_fold_count(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyUnicode_Check(args[0]) || !PyBytes_Check(args[1])
        || !PyBytes_Check(args[2]) || !PyBytes_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "lower_fold_count(str, bytes, bytes, bytes)");
        return NULL;
    }
    PyObject *text = args[0];
    const Py_UCS2 *lower = (const Py_UCS2 *)PyBytes_AS_STRING(args[1]);
    const Py_UCS2 *fold = (const Py_UCS2 *)PyBytes_AS_STRING(args[2]);
    const unsigned char *kinds = (const unsigned char *)PyBytes_AS_STRING(args[3]);
    Py_ssize_t covered = PyBytes_GET_SIZE(args[3]);
    if (PyBytes_GET_SIZE(args[1]) < 2 * covered || PyBytes_GET_SIZE(args[2]) < 2 * covered) {
        PyErr_SetString(PyExc_ValueError, "tables shorter than kinds");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    if (kind == PyUnicode_4BYTE_KIND) {
        Py_RETURN_NONE;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    Py_UCS2 *out = PyMem_Malloc(2 * (size_t)(n ? n : 1) * sizeof(Py_UCS2));
    if (out == NULL) {
        return PyErr_NoMemory();
    }
    Py_UCS2 *folded = out + n;
    Py_ssize_t tokens = 0;
    int in_token = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c >= (Py_UCS4)covered || kinds[c] == 0) {
            PyMem_Free(out);
            Py_RETURN_NONE;
        }
        out[i] = lower[c];
        folded[i] = fold[c];
        int token = kinds[c] == 2;
        tokens += token && !in_token;
        in_token = token;
    }
    /* FromKindAndData makes the narrowest string that holds the text, as
     * CPython requires of every str. */
    PyObject *lowered = PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, out, n);
    PyObject *folded_text =
        lowered ? PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, folded, n) : NULL;
    PyMem_Free(out);
    if (folded_text == NULL) {
        Py_XDECREF(lowered);
        return NULL;
    }
    PyObject *count = PyLong_FromSsize_t(tokens);
    if (count == NULL) {
        Py_DECREF(lowered);
        Py_DECREF(folded_text);
        return NULL;
    }
    PyObject *result = PyTuple_New(3);
    if (result == NULL) {
        Py_DECREF(lowered);
        Py_DECREF(folded_text);
        Py_DECREF(count);
        return NULL;
    }
    PyTuple_SET_ITEM(result, 0, lowered);
    PyTuple_SET_ITEM(result, 1, folded_text);
    PyTuple_SET_ITEM(result, 2, count);
    return result;
}

/* json_string_array(strings) -> bytes | None
 *
 * A tuple or list of str as json.dumps(..., ensure_ascii=False,
 * separators=(",", ":")) and orjson write it, in UTF-8: `["a","b"]`. None when
 * a string needs an escape (`"`, `\` or a C0 control), holds a surrogate
 * (neither writes it as UTF-8), or an item is not exactly a str. */
static PyObject *
json_string_array(PyObject *self, PyObject *strings)
{
    PyObject *fast = PySequence_Fast(strings, "json_string_array needs a sequence");
    if (fast == NULL) {
        return NULL;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(fast);
    PyObject **items = PySequence_Fast_ITEMS(fast);
    /* At most 4 UTF-8 bytes a code unit, plus the quotes and commas. */
    size_t size = 2;
    for (Py_ssize_t k = 0; k < count; k++) {
        if (!PyUnicode_CheckExact(items[k])) {
            Py_DECREF(fast);
            Py_RETURN_NONE;
        }
        size += 3 + 4 * (size_t)PyUnicode_GET_LENGTH(items[k]);
    }
    PyObject *result = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)size);
    if (result == NULL) {
        Py_DECREF(fast);
        return NULL;
    }
    unsigned char *p = (unsigned char *)PyBytes_AS_STRING(result);
    *p++ = '[';
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *item = items[k];
        int kind = PyUnicode_KIND(item);
        const void *data = PyUnicode_DATA(item);
        Py_ssize_t n = PyUnicode_GET_LENGTH(item);
        if (k) {
            *p++ = ',';
        }
        *p++ = '"';
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (c < 0x80) {
                if (c < 0x20 || c == '"' || c == '\\') {
                    goto give_up;
                }
                *p++ = (unsigned char)c;
            } else if (c < 0x800) {
                *p++ = (unsigned char)(0xC0 | (c >> 6));
                *p++ = (unsigned char)(0x80 | (c & 0x3F));
            } else if (c < 0x10000) {
                if (c >= 0xD800 && c < 0xE000) {
                    goto give_up;
                }
                *p++ = (unsigned char)(0xE0 | (c >> 12));
                *p++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
                *p++ = (unsigned char)(0x80 | (c & 0x3F));
            } else {
                *p++ = (unsigned char)(0xF0 | (c >> 18));
                *p++ = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
                *p++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
                *p++ = (unsigned char)(0x80 | (c & 0x3F));
            }
        }
        *p++ = '"';
    }
    *p++ = ']';
    Py_DECREF(fast);
    if (_PyBytes_Resize(&result, (Py_ssize_t)(p - (unsigned char *)PyBytes_AS_STRING(result)))) {
        return NULL;
    }
    return result;
give_up:
    Py_DECREF(fast);
    Py_DECREF(result);
    Py_RETURN_NONE;
}

/* The slots a pair's fields are kept in (a frozen, slotted dataclass's member
 * descriptors, in field order), checked to be object slots of `type` itself. */
#define MAX_FIELDS 16
static int
slot_offsets(PyObject *type, PyObject *members, Py_ssize_t *offsets, Py_ssize_t *count)
{
    if (!PyType_Check(type) || !PyTuple_Check(members) || PyTuple_GET_SIZE(members) < 6
        || PyTuple_GET_SIZE(members) > MAX_FIELDS) {
        PyErr_SetString(PyExc_TypeError, "tsv_pairs: a type and 6 to 16 member descriptors");
        return -1;
    }
    PyTypeObject *cls = (PyTypeObject *)type;
    *count = PyTuple_GET_SIZE(members);
    for (Py_ssize_t k = 0; k < *count; k++) {
        PyObject *member = PyTuple_GET_ITEM(members, k);
        if (!Py_IS_TYPE(member, &PyMemberDescr_Type)
            || PyDescr_TYPE(member) != cls) {
            PyErr_SetString(PyExc_TypeError, "tsv_pairs: not a slot of the type");
            return -1;
        }
        PyMemberDef *def = ((PyMemberDescrObject *)member)->d_member;
        if (def->type != T_OBJECT_EX || (def->flags & READONLY)
            || def->offset < (Py_ssize_t)sizeof(PyObject)
            || def->offset + (Py_ssize_t)sizeof(PyObject *) > cls->tp_basicsize) {
            PyErr_SetString(PyExc_TypeError, "tsv_pairs: not an object slot");
            return -1;
        }
        offsets[k] = def->offset;
    }
    return 0;
}

/* tsv_pairs(numbered, limit, needed, vi, en, ident, pad, type, members, rest, name, flag,
 *           seen) -> (pairs, problem)
 *
 * The rows of a TSV file as `formats.bilingual._tsv_rows` reads them (its plain
 * rule), up to `limit` pairs a call: `numbered` gives (line number, line) tuples;
 * a blank or all-whitespace line is passed over; a row is cut at its tabs; the
 * segment id is cell `ident` stripped of whitespace (-1: none), or the line
 * number; its id is added to the set `seen`. Each pair is a `type` whose slots
 * (`members`, in field order) hold (id, row[vi], row[en], name, number, flag,
 * *rest): what its __init__ sets, set here without the call (a frozen dataclass
 * sets each through its descriptor: half a row's reading). `needed` is the
 * cells a row must have; `pad`: a row one cell short gets an empty last cell (a
 * trailing empty target that lost its tab). `problem` is the (number, line)
 * this does not take -- a row too short, or an id already in `seen` -- for the
 * plain rule to refuse, else None; fewer than `limit` pairs and no problem:
 * `numbered` is done. */
static PyObject *
tsv_pairs(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 13 || !PyTuple_Check(args[9]) || !PyAnySet_Check(args[12])) {
        PyErr_SetString(PyExc_TypeError,
                        "tsv_pairs(numbered, limit, needed, vi, en, ident, pad, type, members,"
                        " rest: tuple, name, flag, seen: set)");
        return NULL;
    }
    Py_ssize_t limit = PyLong_AsSsize_t(args[1]);
    Py_ssize_t needed = PyLong_AsSsize_t(args[2]);
    Py_ssize_t vi = PyLong_AsSsize_t(args[3]);
    Py_ssize_t en = PyLong_AsSsize_t(args[4]);
    Py_ssize_t ident = PyLong_AsSsize_t(args[5]);
    int pad = PyObject_IsTrue(args[6]);
    if (PyErr_Occurred() || pad < 0) {
        return NULL;
    }
    if (needed < 1 || needed > 64 || vi < 0 || vi >= needed || en < 0 || en >= needed
        || ident < -1 || ident >= needed) {
        PyErr_SetString(PyExc_ValueError, "tsv_pairs: a column outside the cells needed");
        return NULL;
    }
    Py_ssize_t offsets[MAX_FIELDS], fields;
    if (slot_offsets(args[7], args[8], offsets, &fields) < 0) {
        return NULL;
    }
    PyObject *rest = args[9];
    if (PyTuple_GET_SIZE(rest) != fields - 6) {
        PyErr_SetString(PyExc_ValueError, "tsv_pairs: rest fills the fields after the sixth");
        return NULL;
    }
    PyTypeObject *type = (PyTypeObject *)args[7];
    PyObject *numbered = args[0], *seen = args[12];
    PyObject *pairs = PyList_New(0);
    if (pairs == NULL) {
        return NULL;
    }
    PyObject *problem = NULL;
    Py_ssize_t starts[65], ends[65];
    while (PyList_GET_SIZE(pairs) < limit) {
        PyObject *item = PyIter_Next(numbered);
        if (item == NULL) {
            if (PyErr_Occurred()) {
                goto error;
            }
            break;
        }
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2
            || !PyUnicode_Check(PyTuple_GET_ITEM(item, 1))) {
            Py_DECREF(item);
            PyErr_SetString(PyExc_TypeError, "tsv_pairs: numbered gives (int, str) tuples");
            goto error;
        }
        PyObject *number = PyTuple_GET_ITEM(item, 0), *line = PyTuple_GET_ITEM(item, 1);
        Py_ssize_t n = PyUnicode_GET_LENGTH(line);
        int kind = PyUnicode_KIND(line);
        const void *data = PyUnicode_DATA(line);
        Py_ssize_t at = 0;
        while (at < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, at))) {
            at++;
        }
        if (at == n) { /* `not line or line.isspace()` */
            Py_DECREF(item);
            continue;
        }
        /* The first `needed` cells' bounds (the tabs past them do not matter). */
        Py_ssize_t cells = 0, start = 0;
        while (cells < needed) {
            Py_ssize_t tab = n > start ? PyUnicode_FindChar(line, '\t', start, n, 1) : -1;
            if (tab == -2) {
                Py_DECREF(item);
                goto error;
            }
            starts[cells] = start;
            ends[cells] = tab < 0 ? n : tab;
            cells++;
            if (tab < 0) {
                break;
            }
            start = tab + 1;
        }
        if (cells < needed) {
            if (cells == needed - 1 && pad) {
                starts[cells] = ends[cells] = n; /* row.append("") */
                cells++;
            } else {
                problem = item; /* the plain rule says how many columns */
                break;
            }
        }
        PyObject *segment;
        if (ident >= 0) {
            Py_ssize_t a = starts[ident], b = ends[ident];
            while (a < b && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, a))) {
                a++;
            }
            while (b > a && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, b - 1))) {
                b--;
            }
            segment = a < b ? PyUnicode_Substring(line, a, b) : PyObject_Str(number);
        } else {
            segment = PyObject_Str(number);
        }
        if (segment == NULL) {
            Py_DECREF(item);
            goto error;
        }
        int known = PySet_Contains(seen, segment);
        if (known) {
            Py_DECREF(segment);
            if (known < 0) {
                Py_DECREF(item);
                goto error;
            }
            problem = item; /* the plain rule names the duplicate */
            break;
        }
        PyObject *values[6] = {segment, NULL, NULL, args[10], number, args[11]};
        values[1] = PyUnicode_Substring(line, starts[vi], ends[vi]);
        values[2] = values[1] ? PyUnicode_Substring(line, starts[en], ends[en]) : NULL;
        PyObject *pair = values[2] ? type->tp_alloc(type, 0) : NULL;
        if (pair) {
            for (Py_ssize_t k = 0; k < fields; k++) {
                PyObject *value = k < 6 ? values[k] : PyTuple_GET_ITEM(rest, k - 6);
                Py_INCREF(value);
                *(PyObject **)((char *)pair + offsets[k]) = value;
            }
        }
        int failed = pair == NULL || PySet_Add(seen, segment) < 0 || PyList_Append(pairs, pair) < 0;
        Py_XDECREF(pair);
        Py_XDECREF(values[2]);
        Py_XDECREF(values[1]);
        Py_DECREF(segment);
        Py_DECREF(item);
        if (failed) {
            goto error;
        }
    }
    PyObject *result = PyTuple_New(2);
    if (result == NULL) {
        Py_XDECREF(problem);
        goto error;
    }
    PyTuple_SET_ITEM(result, 0, pairs);
    if (problem == NULL) {
        problem = Py_None;
        Py_INCREF(problem);
    }
    PyTuple_SET_ITEM(result, 1, problem);
    return result;
error:
    Py_DECREF(pairs);
    return NULL;
}

static PyMethodDef methods[] = {
    {"lower_fold_count", (PyCFunction)(void (*)(void))lower_fold_count, METH_FASTCALL,
     "lower_fold_count(text, lower, fold, kinds) -> (lowered, folded, tokens) or None"},
    {"json_string_array", json_string_array, METH_O,
     "json_string_array(strings) -> the JSON array's UTF-8 bytes, or None"},
    {"tsv_pairs", (PyCFunction)(void (*)(void))tsv_pairs, METH_FASTCALL,
     "tsv_pairs(numbered, limit, needed, vi, en, ident, pad, type, members, rest, name, flag,"
     " seen) -> (pairs, problem)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_rowtext",
    "A row's text in one pass (see accel/foldcount.py, accel/jsonline.py, accel/tsvrows.py).",
    -1, methods,
};

PyMODINIT_FUNC
PyInit__rowtext(void)
{
    return PyModule_Create(&module);
}
