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
        PyErr_SetString(PyExc_TypeError, "tsv: a type and 6 to 16 member descriptors");
        return -1;
    }
    PyTypeObject *cls = (PyTypeObject *)type;
    *count = PyTuple_GET_SIZE(members);
    for (Py_ssize_t k = 0; k < *count; k++) {
        PyObject *member = PyTuple_GET_ITEM(members, k);
        if (!Py_IS_TYPE(member, &PyMemberDescr_Type)
            || PyDescr_TYPE(member) != cls) {
            PyErr_SetString(PyExc_TypeError, "tsv: not a slot of the type");
            return -1;
        }
        PyMemberDef *def = ((PyMemberDescrObject *)member)->d_member;
        if (def->type != T_OBJECT_EX || (def->flags & READONLY)
            || def->offset < (Py_ssize_t)sizeof(PyObject)
            || def->offset + (Py_ssize_t)sizeof(PyObject *) > cls->tp_basicsize) {
            PyErr_SetString(PyExc_TypeError, "tsv: not an object slot");
            return -1;
        }
        offsets[k] = def->offset;
    }
    return 0;
}

/* What a TSV call is given about the file's rows and its pairs' type. */
typedef struct {
    Py_ssize_t needed, vi, en, ident;
    int pad;
    PyTypeObject *type;
    Py_ssize_t offsets[MAX_FIELDS], fields;
    PyObject *rest, *name, *flag, *seen;
} Rows;

/* Rows from args[0:10]: needed, vi, en, ident, pad, type, members, rest, name,
 * flag; and the set `seen`. -1 on error. */
static int
rows_init(Rows *r, PyObject *const *args, PyObject *seen)
{
    r->needed = PyLong_AsSsize_t(args[0]);
    r->vi = PyLong_AsSsize_t(args[1]);
    r->en = PyLong_AsSsize_t(args[2]);
    r->ident = PyLong_AsSsize_t(args[3]);
    r->pad = PyObject_IsTrue(args[4]);
    if (PyErr_Occurred() || r->pad < 0) {
        return -1;
    }
    if (r->needed < 1 || r->needed > 64 || r->vi < 0 || r->vi >= r->needed || r->en < 0
        || r->en >= r->needed || r->ident < -1 || r->ident >= r->needed) {
        PyErr_SetString(PyExc_ValueError, "tsv: a column outside the cells needed");
        return -1;
    }
    if (slot_offsets(args[5], args[6], r->offsets, &r->fields) < 0) {
        return -1;
    }
    if (!PyTuple_Check(args[7]) || PyTuple_GET_SIZE(args[7]) != r->fields - 6) {
        PyErr_SetString(PyExc_ValueError, "tsv: rest fills the fields after the sixth");
        return -1;
    }
    if (!PyAnySet_Check(seen)) {
        PyErr_SetString(PyExc_TypeError, "tsv: seen is a set");
        return -1;
    }
    r->type = (PyTypeObject *)args[5];
    r->rest = args[7];
    r->name = args[8];
    r->flag = args[9];
    r->seen = seen;
    return 0;
}

/* One row, text[a:b] (a line without its end), numbered `number`: its pair
 * appended to `pairs`. 1 taken (or passed over: blank), 0 not taken (a row too
 * short, or an id already seen: for the plain rule to refuse), -1 on error. */
static int
take_row(const Rows *r, PyObject *text, int kind, const void *data, Py_ssize_t a, Py_ssize_t b,
         PyObject *number, PyObject *pairs)
{
    Py_ssize_t at = a;
    while (at < b && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, at))) {
        at++;
    }
    if (at == b) { /* `not line or line.isspace()` */
        return 1;
    }
    /* The first `needed` cells' bounds (the tabs past them do not matter). */
    Py_ssize_t starts[65], ends[65];
    Py_ssize_t cells = 0, start = a;
    while (cells < r->needed) {
        Py_ssize_t tab = b > start ? PyUnicode_FindChar(text, '\t', start, b, 1) : -1;
        if (tab == -2) {
            return -1;
        }
        starts[cells] = start;
        ends[cells] = tab < 0 ? b : tab;
        cells++;
        if (tab < 0) {
            break;
        }
        start = tab + 1;
    }
    if (cells < r->needed) {
        if (cells == r->needed - 1 && r->pad) {
            starts[cells] = ends[cells] = b; /* row.append("") */
            cells++;
        } else {
            return 0; /* the plain rule says how many columns */
        }
    }
    PyObject *segment;
    if (r->ident >= 0) {
        Py_ssize_t i = starts[r->ident], j = ends[r->ident];
        while (i < j && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) {
            i++;
        }
        while (j > i && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j - 1))) {
            j--;
        }
        segment = i < j ? PyUnicode_Substring(text, i, j) : PyObject_Str(number);
    } else {
        segment = PyObject_Str(number);
    }
    if (segment == NULL) {
        return -1;
    }
    int known = PySet_Contains(r->seen, segment);
    if (known) {
        Py_DECREF(segment);
        return known < 0 ? -1 : 0; /* the plain rule names the duplicate */
    }
    PyObject *values[6] = {segment, NULL, NULL, r->name, number, r->flag};
    values[1] = PyUnicode_Substring(text, starts[r->vi], ends[r->vi]);
    values[2] = values[1] ? PyUnicode_Substring(text, starts[r->en], ends[r->en]) : NULL;
    PyObject *pair = values[2] ? r->type->tp_alloc(r->type, 0) : NULL;
    if (pair) {
        for (Py_ssize_t k = 0; k < r->fields; k++) {
            PyObject *value = k < 6 ? values[k] : PyTuple_GET_ITEM(r->rest, k - 6);
            Py_INCREF(value);
            *(PyObject **)((char *)pair + r->offsets[k]) = value;
        }
    }
    int failed = pair == NULL || PySet_Add(r->seen, segment) < 0 || PyList_Append(pairs, pair) < 0;
    Py_XDECREF(pair);
    Py_XDECREF(values[2]);
    Py_XDECREF(values[1]);
    Py_DECREF(segment);
    return failed ? -1 : 1;
}

/* (pairs, problem or None), and `next` after them unless NULL; takes the
 * references to pairs and problem (NULL: None). */
static PyObject *
finish(PyObject *pairs, PyObject *problem, PyObject *next)
{
    if (problem == NULL) {
        problem = Py_NewRef(Py_None);
    }
    PyObject *result = next ? PyTuple_Pack(3, pairs, problem, next)
                            : PyTuple_Pack(2, pairs, problem);
    Py_DECREF(problem);
    Py_DECREF(pairs);
    return result;
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
    Rows r;
    if (nargs != 13) {
        PyErr_SetString(PyExc_TypeError,
                        "tsv_pairs(numbered, limit, needed, vi, en, ident, pad, type, members,"
                        " rest: tuple, name, flag, seen: set)");
        return NULL;
    }
    Py_ssize_t limit = PyLong_AsSsize_t(args[1]);
    if ((limit == -1 && PyErr_Occurred()) || rows_init(&r, args + 2, args[12]) < 0) {
        return NULL;
    }
    PyObject *numbered = args[0];
    PyObject *pairs = PyList_New(0);
    if (pairs == NULL) {
        return NULL;
    }
    PyObject *problem = NULL;
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
        PyObject *line = PyTuple_GET_ITEM(item, 1);
        int taken = take_row(&r, line, PyUnicode_KIND(line), PyUnicode_DATA(line), 0,
                             PyUnicode_GET_LENGTH(line), PyTuple_GET_ITEM(item, 0), pairs);
        if (taken == 0) {
            problem = item;
            break;
        }
        Py_DECREF(item);
        if (taken < 0) {
            goto error;
        }
    }
    return finish(pairs, problem, NULL);
error:
    Py_DECREF(pairs);
    return NULL;
}

/* tsv_block(text, start, end, number, needed, vi, en, ident, pad, type, members, rest,
 *           name, flag, seen) -> (pairs, problem, next number)
 *
 * tsv_pairs over the lines of text[start:end] (`.split("\n")`), the first
 * numbered `number`: the lines are read where they stand in the text (a chunk
 * of the file), none made a str of its own. The next number is the number of
 * the line after the last. */
static PyObject *
tsv_block(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    Rows r;
    if (nargs != 15 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError,
                        "tsv_block(text: str, start, end, number, needed, vi, en, ident, pad, type,"
                        " members, rest: tuple, name, flag, seen: set)");
        return NULL;
    }
    PyObject *block = args[0];
    Py_ssize_t a = PyLong_AsSsize_t(args[1]);
    Py_ssize_t n = PyLong_AsSsize_t(args[2]);
    Py_ssize_t number = PyLong_AsSsize_t(args[3]);
    if (PyErr_Occurred() || rows_init(&r, args + 4, args[14]) < 0) {
        return NULL;
    }
    if (a < 0 || a > n || n > PyUnicode_GET_LENGTH(block)) {
        PyErr_SetString(PyExc_ValueError, "tsv_block: start and end outside the text");
        return NULL;
    }
    int kind = PyUnicode_KIND(block);
    const void *data = PyUnicode_DATA(block);
    PyObject *pairs = PyList_New(0);
    if (pairs == NULL) {
        return NULL;
    }
    PyObject *problem = NULL;
    for (; a <= n; number++) {
        Py_ssize_t b = a < n ? PyUnicode_FindChar(block, '\n', a, n, 1) : -1;
        if (b == -2) {
            goto error;
        }
        if (b < 0) {
            b = n;
        }
        PyObject *count = PyLong_FromSsize_t(number);
        if (count == NULL) {
            goto error;
        }
        int taken = take_row(&r, block, kind, data, a, b, count, pairs);
        if (taken == 0) {
            PyObject *line = PyUnicode_Substring(block, a, b);
            problem = line ? PyTuple_Pack(2, count, line) : NULL;
            Py_XDECREF(line);
        }
        Py_DECREF(count);
        if (taken < 0 || (taken == 0 && problem == NULL)) {
            goto error;
        }
        if (taken == 0) {
            break;
        }
        a = b + 1;
    }
    PyObject *next = PyLong_FromSsize_t(number);
    if (next == NULL) {
        Py_XDECREF(problem);
        goto error;
    }
    PyObject *result = finish(pairs, problem, next);
    Py_DECREF(next);
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
    {"tsv_block", (PyCFunction)(void (*)(void))tsv_block, METH_FASTCALL,
     "tsv_block(text, start, end, number, needed, vi, en, ident, pad, type, members, rest,"
     " name, flag, seen) -> (pairs, problem, next number)"},
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
