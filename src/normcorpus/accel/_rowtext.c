/* The text of a store row in one pass: a clause lower-cased, folded and its
 * tokens counted, and a list of strings as the JSON array orjson would write.
 *
 * Both give up (return None) on anything their tables or rules do not cover;
 * the Python callers then take the plain rule (accel/foldcount.py,
 * accel/jsonline.py), which the tests compare them with. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

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

static PyMethodDef methods[] = {
    {"lower_fold_count", (PyCFunction)(void (*)(void))lower_fold_count, METH_FASTCALL,
     "lower_fold_count(text, lower, fold, kinds) -> (lowered, folded, tokens) or None"},
    {"json_string_array", json_string_array, METH_O,
     "json_string_array(strings) -> the JSON array's UTF-8 bytes, or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_rowtext",
    "A store row's text in one pass (see accel/foldcount.py, accel/jsonline.py).", -1, methods,
};

PyMODINIT_FUNC
PyInit__rowtext(void)
{
    return PyModule_Create(&module);
}
