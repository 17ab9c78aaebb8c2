/* A glossary-shaped YAML document walked over libyaml's events, in C
 * (normcorpus.accel._yamlwalk): see yamlwalk.py.
 *
 * The walk knows only a shape: a root mapping with a fixed value, a mapping
 * of fixed strings and a list of item mappings; an item's keys each have a
 * role (a string, terms, an optional string, an optional flag, an optional
 * list of strings), and a term is a string or a mapping of text, status and
 * part of speech. The names, the allowed values and what a term is made of
 * come from the caller, and so does the typing of plain scalars (`resolve`,
 * asked only for a plain scalar whose first character may start a typed
 * value). Whatever leaves that shape (an alias, a tag, an unknown or repeated
 * key, a value of another type, a parser error) makes the walk give up and
 * answer None: the caller's plain reader then reads the file and says what is
 * wrong. So this walk needs no message of its own, and nothing it reads is
 * ever expanded. tests/test_yamlwalk.py checks it reads what the plain reader
 * reads.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include <yaml.h>

/* Roles of an item's keys (yamlwalk.py's ROLES). */
enum { ROLE_STRING, ROLE_TERMS, ROLE_TEXT, ROLE_FLAG, ROLE_STRINGS, ROLE_COUNT };

#define MAX_KEYS 32

enum { GIVE_UP = 0, DONE = 1, FAILED = -1 };

typedef struct {
    yaml_parser_t parser;
    yaml_event_t event;
    int has_event;
    /* from the caller */
    const char *typed_starts; /* ASCII first characters a plain scalar is resolved on */
    PyObject *resolve;        /* plain scalar value -> its tag */
    PyObject *str_tag, *null_tag, *bool_tag;
    PyTypeObject *term_type;  /* a slotted class: a term */
    PyObject *term_slots[MAX_KEYS]; /* its slots' descriptors: text, status, key, place,
                                       status place, part of speech, then any set to None */
    Py_ssize_t term_slot_count;
    PyObject *top_keys;       /* (value key, mapping key, items key) */
    PyObject *top_value;      /* what the value key holds */
    PyObject *fixed;          /* dict: the mapping's keys -> the value each holds */
    PyObject *item_keys;      /* tuple of str */
    int roles[MAX_KEYS];
    PyTypeObject *item_type;  /* a slotted class: an item */
    PyObject *item_slots[MAX_KEYS]; /* its slots' descriptors, in the order of its fields */
    Py_ssize_t item_slot_count;
    int item_place_slot;      /* the field of the item's place */
    int value_slot[MAX_KEYS]; /* per item key, the field of its value */
    int place_slot[MAX_KEYS]; /* and of its place (-1: none) */
    int required[MAX_KEYS];
    PyObject *true_words;     /* frozenset: a flag's lower-case texts that mean true */
    PyObject *term_keys;      /* (text key, status key, pos key) */
    PyObject *statuses;       /* frozenset of str */
    PyObject *parts;          /* frozenset of str */
    PyObject *default_status; /* the status of a term given as a bare string */
    PyObject *no_status;      /* the status of a plain string list's item */
} Walk;

/* A term made as the class's own __init__ would make it, but each slot set
 * through its descriptor (no Python frame: a 100,000-concept glossary has
 * half a million terms). */
static PyObject *make_term(Walk *w, PyObject *text, PyObject *status, PyObject *key,
                           PyObject *at, PyObject *status_at, PyObject *pos) {
    PyObject *term = w->term_type->tp_alloc(w->term_type, 0);
    if (term == NULL)
        return NULL;
    PyObject *values[6] = {text, status, key, at, status_at, pos};
    for (Py_ssize_t i = 0; i < w->term_slot_count; i++) {
        PyObject *slot = w->term_slots[i];
        if (Py_TYPE(slot)->tp_descr_set(slot, term, i < 6 ? values[i] : Py_None) < 0) {
            Py_DECREF(term);
            return NULL;
        }
    }
    return term;
}

static int next_event(Walk *w) {
    if (w->has_event) {
        yaml_event_delete(&w->event);
        w->has_event = 0;
    }
    if (!yaml_parser_parse(&w->parser, &w->event))
        return 0;
    w->has_event = 1;
    return 1;
}

static PyObject *place(const yaml_mark_t *mark) {
    PyObject *line = PyLong_FromSize_t(mark->line + 1);
    PyObject *column = PyLong_FromSize_t(mark->column + 1);
    PyObject *at = NULL;
    if (line && column)
        at = PyTuple_Pack(2, line, column);
    Py_XDECREF(line);
    Py_XDECREF(column);
    return at;
}

/* A scalar's text (a new reference), or NULL: with *status GIVE_UP where it is
 * not UTF-8 (libyaml checks it is: the plain reader would say what is wrong),
 * FAILED on another error. */
static PyObject *scalar_text(const yaml_event_t *event, int *status) {
    PyObject *text = PyUnicode_DecodeUTF8((const char *)event->data.scalar.value,
                                          (Py_ssize_t)event->data.scalar.length, "strict");
    if (text == NULL) {
        *status = FAILED;
        if (PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) {
            PyErr_Clear();
            *status = GIVE_UP;
        }
    }
    return text;
}

/* The tag a scalar event resolves to, as the plain reader types it: a new
 * reference, NULL on a Python error; *give_up set for an explicit tag. */
static PyObject *scalar_tag(Walk *w, const yaml_event_t *event, PyObject *text, int *give_up) {
    *give_up = 0;
    if (event->data.scalar.tag != NULL) {
        *give_up = 1;
        return NULL;
    }
    if (!event->data.scalar.plain_implicit) { /* quoted: a string */
        Py_INCREF(w->str_tag);
        return w->str_tag;
    }
    if (event->data.scalar.length > 0) {
        unsigned char first = event->data.scalar.value[0];
        if (first >= 0x80 || strchr(w->typed_starts, first) == NULL) {
            Py_INCREF(w->str_tag);
            return w->str_tag;
        }
    }
    return PyObject_CallOneArg(w->resolve, text);
}

/* A scalar that must be a string: its text (new reference), or NULL with
 * *status GIVE_UP or FAILED. */
static PyObject *string_value(Walk *w, int *status) {
    const yaml_event_t *event = &w->event;
    if (event->type != YAML_SCALAR_EVENT) {
        *status = GIVE_UP;
        return NULL;
    }
    PyObject *text = scalar_text(event, status);
    if (text == NULL)
        return NULL;
    int give_up;
    PyObject *tag = scalar_tag(w, event, text, &give_up);
    if (tag == NULL) {
        Py_DECREF(text);
        *status = give_up ? GIVE_UP : FAILED;
        return NULL;
    }
    int same = PyUnicode_Compare(tag, w->str_tag);
    Py_DECREF(tag);
    if (same != 0) {
        Py_DECREF(text);
        *status = (same == -1 && PyErr_Occurred()) ? FAILED : GIVE_UP;
        return NULL;
    }
    return text;
}

/* The index of a mapping key (a plain, untagged scalar) among `keys`, or -1;
 * -2 on a Python error. The event must be a scalar. */
static Py_ssize_t key_index(const yaml_event_t *event, PyObject *keys) {
    if (event->type != YAML_SCALAR_EVENT || event->data.scalar.tag != NULL)
        return -1;
    const char *value = (const char *)event->data.scalar.value;
    size_t length = event->data.scalar.length;
    Py_ssize_t n = PyTuple_GET_SIZE(keys);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t size;
        const char *name = PyUnicode_AsUTF8AndSize(PyTuple_GET_ITEM(keys, i), &size);
        if (name == NULL)
            return -2;
        if ((size_t)size == length && memcmp(name, value, length) == 0)
            return i;
    }
    return -1;
}

static int is_untagged(const yaml_event_t *event) {
    if (event->type == YAML_MAPPING_START_EVENT)
        return event->data.mapping_start.tag == NULL;
    if (event->type == YAML_SEQUENCE_START_EVENT)
        return event->data.sequence_start.tag == NULL;
    return 0;
}

static int member(PyObject *set, PyObject *value) {
    return PySet_Contains(set, value); /* 1, 0 or -1 */
}

/* One term: a bare string (the default status) or a mapping of text, status
 * and part of speech. Appends it to `out`. */
static int read_term(Walk *w, PyObject *lang, PyObject *out) {
    int status = DONE;
    PyObject *text = NULL, *text_at = NULL, *term_status = NULL, *status_at = NULL;
    PyObject *pos = NULL, *term = NULL;
    if (w->event.type == YAML_SCALAR_EVENT) {
        text = string_value(w, &status);
        if (text == NULL)
            return status;
        if ((text_at = place(&w->event.start_mark)) == NULL)
            goto failed;
        term = make_term(w, text, w->default_status, lang, text_at, text_at, Py_None);
        goto append;
    }
    if (w->event.type != YAML_MAPPING_START_EVENT || !is_untagged(&w->event))
        return GIVE_UP;
    for (;;) {
        if (!next_event(w))
            goto give_up;
        if (w->event.type == YAML_MAPPING_END_EVENT)
            break;
        Py_ssize_t k = key_index(&w->event, w->term_keys);
        if (k == -2)
            goto failed;
        if (k < 0)
            goto give_up;
        if (!next_event(w))
            goto give_up;
        PyObject *value = string_value(w, &status);
        if (value == NULL)
            goto end;
        PyObject **slot = k == 0 ? &text : k == 1 ? &term_status : &pos;
        if (*slot != NULL) { /* a repeated key */
            Py_DECREF(value);
            goto give_up;
        }
        *slot = value;
        if (k == 0 && (text_at = place(&w->event.start_mark)) == NULL)
            goto failed;
        if (k == 1 && (status_at = place(&w->event.start_mark)) == NULL)
            goto failed;
    }
    if (text == NULL)
        goto give_up;
    if (term_status == NULL) {
        term_status = Py_NewRef(w->default_status);
        status_at = Py_NewRef(text_at);
    } else {
        int known = member(w->statuses, term_status);
        if (known < 0)
            goto failed;
        if (!known)
            goto give_up;
    }
    if (pos != NULL) {
        int known = member(w->parts, pos);
        if (known < 0)
            goto failed;
        if (!known)
            goto give_up;
    }
    term = make_term(w, text, term_status, lang, text_at, status_at, pos ? pos : Py_None);
append:
    if (term == NULL || PyList_Append(out, term) < 0)
        goto failed;
    status = DONE;
    goto end;
give_up:
    status = GIVE_UP;
    goto end;
failed:
    status = FAILED;
end:
    Py_XDECREF(text);
    Py_XDECREF(text_at);
    Py_XDECREF(term_status);
    Py_XDECREF(status_at);
    Py_XDECREF(pos);
    Py_XDECREF(term);
    return status;
}

/* A list of terms (not empty) or, with `strings`, of plain strings (each made
 * a term with no status). The current event starts it. */
static int read_list(Walk *w, PyObject *lang, int strings, PyObject **out) {
    if (w->event.type != YAML_SEQUENCE_START_EVENT || !is_untagged(&w->event))
        return GIVE_UP;
    PyObject *list = PyList_New(0);
    if (list == NULL)
        return FAILED;
    int status = DONE;
    for (;;) {
        if (!next_event(w)) {
            status = GIVE_UP;
            break;
        }
        if (w->event.type == YAML_SEQUENCE_END_EVENT)
            break;
        if (strings) {
            PyObject *text = string_value(w, &status);
            if (text == NULL)
                break;
            PyObject *at = place(&w->event.start_mark);
            PyObject *term = at ? make_term(w, text, w->no_status, lang, at, at, Py_None) : NULL;
            Py_DECREF(text);
            Py_XDECREF(at);
            if (term == NULL || PyList_Append(list, term) < 0) {
                Py_XDECREF(term);
                status = FAILED;
                break;
            }
            Py_DECREF(term);
        } else if ((status = read_term(w, lang, list)) != DONE) {
            break;
        }
    }
    if (status == DONE && !strings && PyList_GET_SIZE(list) == 0)
        status = GIVE_UP; /* an empty list of terms is a problem the plain reader reports */
    if (status != DONE) {
        Py_DECREF(list);
        return status;
    }
    *out = list;
    return DONE;
}

/* A scalar typed null (None, a new reference to it) or of `tag` (its text). */
static int optional_scalar(Walk *w, PyObject *tag_wanted, PyObject **out) {
    if (w->event.type != YAML_SCALAR_EVENT)
        return GIVE_UP;
    int status;
    PyObject *text = scalar_text(&w->event, &status);
    if (text == NULL)
        return status;
    int give_up;
    PyObject *tag = scalar_tag(w, &w->event, text, &give_up);
    if (tag == NULL) {
        Py_DECREF(text);
        return give_up ? GIVE_UP : FAILED;
    }
    int is_null = PyUnicode_Compare(tag, w->null_tag) == 0;
    int is_wanted = PyUnicode_Compare(tag, tag_wanted) == 0;
    Py_DECREF(tag);
    if (PyErr_Occurred()) {
        Py_DECREF(text);
        return FAILED;
    }
    if (is_null) {
        Py_DECREF(text);
        *out = Py_NewRef(Py_None);
        return DONE;
    }
    if (!is_wanted) {
        Py_DECREF(text);
        return GIVE_UP;
    }
    *out = text;
    return DONE;
}

/* A value read for an item key, and its place (see `make_item`). */
typedef struct {
    PyObject *value; /* NULL: the key is absent */
    PyObject *place;
} Read;

/* The item made of what its keys hold: each key's value (and place) goes to
 * the item's fields its role says; an absent list is empty, an absent flag
 * false, anything else absent None. NULL with *status set on failure. */
static PyObject *make_item(Walk *w, PyObject *at, Read *read, int *status) {
    Py_ssize_t n = PyTuple_GET_SIZE(w->item_keys);
    PyObject *fields[MAX_KEYS] = {NULL}; /* new references */
    PyObject *item = NULL;
    *status = FAILED;
    fields[w->item_place_slot] = Py_NewRef(at);
    for (Py_ssize_t k = 0; k < n; k++) {
        int slot = w->value_slot[k], place_slot = w->place_slot[k];
        PyObject *value = read[k].value;
        if (value == NULL && w->required[k]) {
            *status = GIVE_UP; /* a missing key: the plain reader reports it */
            goto done;
        }
        if (place_slot >= 0)
            fields[place_slot] = Py_NewRef(read[k].place ? read[k].place : Py_None);
        switch (w->roles[k]) {
        case ROLE_TERMS:
        case ROLE_STRINGS:
            fields[slot] = value && value != Py_None ? Py_NewRef(value) : PyList_New(0);
            break;
        case ROLE_FLAG: {
            int truth = 0;
            if (value && value != Py_None) {
                PyObject *lower = PyObject_CallMethod(value, "lower", NULL);
                truth = lower ? PySet_Contains(w->true_words, lower) : -1;
                Py_XDECREF(lower);
                if (truth < 0)
                    goto done;
            }
            fields[slot] = Py_NewRef(truth ? Py_True : Py_False);
            break;
        }
        default: /* ROLE_STRING, ROLE_TEXT */
            fields[slot] = Py_NewRef(value ? value : Py_None);
        }
        if (fields[slot] == NULL)
            goto done;
    }
    item = w->item_type->tp_alloc(w->item_type, 0);
    if (item == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < w->item_slot_count; i++) {
        PyObject *slot = w->item_slots[i];
        if (Py_TYPE(slot)->tp_descr_set(slot, item, fields[i] ? fields[i] : Py_None) < 0) {
            Py_CLEAR(item);
            goto done;
        }
    }
    *status = DONE;
done:
    for (Py_ssize_t i = 0; i < MAX_KEYS; i++)
        Py_XDECREF(fields[i]);
    return item;
}

/* One item: a mapping of the item keys, made an instance of `item_type`. */
static int read_item(Walk *w, PyObject *items) {
    if (w->event.type != YAML_MAPPING_START_EVENT || !is_untagged(&w->event))
        return GIVE_UP;
    Py_ssize_t n = PyTuple_GET_SIZE(w->item_keys);
    PyObject *at = place(&w->event.start_mark);
    if (at == NULL)
        return FAILED;
    Read read[MAX_KEYS];
    memset(read, 0, sizeof read);
    int status = DONE;
    for (;;) {
        if (!next_event(w)) {
            status = GIVE_UP;
            break;
        }
        if (w->event.type == YAML_MAPPING_END_EVENT)
            break;
        Py_ssize_t k = key_index(&w->event, w->item_keys);
        if (k == -2) {
            status = FAILED;
            break;
        }
        if (k < 0 || read[k].value != NULL) {
            status = GIVE_UP;
            break;
        }
        PyObject *key_at = NULL;
        if (w->roles[k] == ROLE_TERMS && (key_at = place(&w->event.start_mark)) == NULL) {
            status = FAILED;
            break;
        }
        if (!next_event(w)) {
            Py_XDECREF(key_at);
            status = GIVE_UP;
            break;
        }
        PyObject *value = NULL, *value_at = key_at, *key = PyTuple_GET_ITEM(w->item_keys, k);
        switch (w->roles[k]) {
        case ROLE_STRING:
            value = string_value(w, &status);
            if (value != NULL && (value_at = place(&w->event.start_mark)) == NULL)
                status = FAILED;
            break;
        case ROLE_TERMS:
            status = read_list(w, key, 0, &value);
            break;
        case ROLE_TEXT:
            status = optional_scalar(w, w->str_tag, &value);
            break;
        case ROLE_FLAG:
            status = optional_scalar(w, w->bool_tag, &value);
            break;
        default: /* ROLE_STRINGS: null, or a list of strings */
            if (w->event.type == YAML_SCALAR_EVENT) {
                status = optional_scalar(w, w->null_tag, &value);
                if (status == DONE && value != Py_None)
                    status = GIVE_UP;
            } else {
                status = read_list(w, key, 1, &value);
            }
        }
        if (status != DONE || value == NULL) {
            Py_XDECREF(value);
            Py_XDECREF(value_at);
            if (status == DONE)
                status = FAILED;
            break;
        }
        read[k].value = value;
        read[k].place = value_at;
    }
    if (status == DONE) {
        PyObject *item = make_item(w, at, read, &status);
        if (item != NULL && PyList_Append(items, item) < 0)
            status = FAILED;
        Py_XDECREF(item);
    }
    Py_DECREF(at);
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_XDECREF(read[k].value);
        Py_XDECREF(read[k].place);
    }
    return status;
}

/* The mapping of fixed strings: its keys among `fixed`, each holding its value. */
static int read_fixed(Walk *w) {
    if (w->event.type != YAML_MAPPING_START_EVENT || !is_untagged(&w->event))
        return GIVE_UP;
    PyObject *seen = PySet_New(NULL);
    if (seen == NULL)
        return FAILED;
    int status = DONE;
    for (;;) {
        if (!next_event(w)) {
            status = GIVE_UP;
            break;
        }
        if (w->event.type == YAML_MAPPING_END_EVENT)
            break;
        if (w->event.type != YAML_SCALAR_EVENT || w->event.data.scalar.tag != NULL) {
            status = GIVE_UP;
            break;
        }
        PyObject *key = scalar_text(&w->event, &status);
        if (key == NULL)
            break;
        PyObject *expected = PyDict_GetItemWithError(w->fixed, key);
        int repeated = expected ? PySet_Contains(seen, key) : 0;
        if (expected == NULL || repeated != 0 || PySet_Add(seen, key) < 0) {
            Py_DECREF(key);
            status = PyErr_Occurred() ? FAILED : GIVE_UP;
            break;
        }
        Py_DECREF(key);
        if (!next_event(w)) {
            status = GIVE_UP;
            break;
        }
        PyObject *value = string_value(w, &status);
        if (value == NULL)
            break;
        int same = PyUnicode_Compare(value, expected);
        Py_DECREF(value);
        if (same != 0) {
            status = PyErr_Occurred() ? FAILED : GIVE_UP;
            break;
        }
    }
    Py_DECREF(seen);
    return status;
}

/* The document: one root mapping holding the value key (required), the fixed
 * mapping (optional) and the list of items (required). */
static int read_document(Walk *w, PyObject *items) {
    if (!next_event(w) || w->event.type != YAML_STREAM_START_EVENT)
        return GIVE_UP;
    if (!next_event(w) || w->event.type != YAML_DOCUMENT_START_EVENT)
        return GIVE_UP;
    if (!next_event(w) || w->event.type != YAML_MAPPING_START_EVENT || !is_untagged(&w->event))
        return GIVE_UP;
    int seen[3] = {0, 0, 0};
    for (;;) {
        if (!next_event(w))
            return GIVE_UP;
        if (w->event.type == YAML_MAPPING_END_EVENT)
            break;
        Py_ssize_t k = key_index(&w->event, w->top_keys);
        if (k == -2)
            return FAILED;
        if (k < 0 || seen[k])
            return GIVE_UP;
        seen[k] = 1;
        if (!next_event(w))
            return GIVE_UP;
        int status;
        if (k == 0) {
            PyObject *value = string_value(w, &status);
            if (value == NULL)
                return status;
            int same = PyUnicode_Compare(value, w->top_value);
            Py_DECREF(value);
            if (same != 0)
                return PyErr_Occurred() ? FAILED : GIVE_UP;
            continue;
        }
        if (k == 1) {
            if ((status = read_fixed(w)) != DONE)
                return status;
            continue;
        }
        if (w->event.type != YAML_SEQUENCE_START_EVENT || !is_untagged(&w->event))
            return GIVE_UP;
        for (;;) {
            if (!next_event(w))
                return GIVE_UP;
            if (w->event.type == YAML_SEQUENCE_END_EVENT)
                break;
            if ((status = read_item(w, items)) != DONE)
                return status;
        }
    }
    if (!seen[0] || !seen[2])
        return GIVE_UP;
    if (!next_event(w) || w->event.type != YAML_DOCUMENT_END_EVENT)
        return GIVE_UP;
    if (!next_event(w) || w->event.type != YAML_STREAM_END_EVENT)
        return GIVE_UP;
    return DONE;
}

/* The fields of a slotted dataclass (`__match_args__`, in order) and their
 * slots' descriptors: a new reference to the names, the descriptors in
 * `slots` (new references, `*count` of them). NULL on failure. */
static PyObject *slots_of(PyTypeObject *type, PyObject **slots, Py_ssize_t *count) {
    PyObject *fields = PyObject_GetAttrString((PyObject *)type, "__match_args__");
    if (fields == NULL)
        return NULL;
    if (!PyTuple_Check(fields) || PyTuple_GET_SIZE(fields) > MAX_KEYS ||
        (type->tp_flags & Py_TPFLAGS_MANAGED_DICT)) {
        Py_DECREF(fields);
        PyErr_Format(PyExc_TypeError, "walk: %s must be a slotted dataclass", type->tp_name);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(fields); i++) {
        PyObject *slot = PyObject_GetAttr((PyObject *)type, PyTuple_GET_ITEM(fields, i));
        if (slot == NULL)
            break;
        slots[(*count)++] = slot;
        if (Py_TYPE(slot)->tp_descr_set == NULL) {
            PyErr_Format(PyExc_TypeError, "walk: %s's fields must be slots", type->tp_name);
            break;
        }
    }
    if (PyErr_Occurred()) {
        Py_DECREF(fields);
        return NULL;
    }
    return fields;
}

/* The index of field `name` (None: -1) among `fields`; -2 when it is not one. */
static int field_index(PyObject *fields, PyObject *name) {
    if (name == Py_None)
        return -1;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(fields); i++) {
        int same = PyObject_RichCompareBool(PyTuple_GET_ITEM(fields, i), name, Py_EQ);
        if (same < 0)
            return -2;
        if (same)
            return (int)i;
    }
    PyErr_Format(PyExc_ValueError, "walk: no field %R", name);
    return -2;
}

static PyObject *walk(PyObject *Py_UNUSED(module), PyObject *args, PyObject *kwargs) {
    static char *names[] = {"data",      "typed_starts", "resolve",        "tags",
                            "term_type", "top_keys",     "top_value",      "fixed",
                            "item_type", "item_place",   "item_keys",      "roles",
                            "item_fields", "required",   "true_words",     "term_keys",
                            "statuses",  "parts",        "default_status", "no_status",
                            NULL};
    Py_buffer data;
    Walk w;
    memset(&w, 0, sizeof w);
    PyObject *tags, *roles, *item_place, *item_fields, *required;
    PyObject *term_fields = NULL, *item_field_names = NULL, *result = NULL;
    if (!PyArg_ParseTupleAndKeywords(
            args, kwargs, "y*sOO!O!O!UO!O!UO!O!O!O!O!O!O!O!UU:walk", names, &data,
            &w.typed_starts, &w.resolve, &PyTuple_Type, &tags, &PyType_Type, &w.term_type,
            &PyTuple_Type, &w.top_keys, &w.top_value, &PyDict_Type, &w.fixed, &PyType_Type,
            &w.item_type, &item_place, &PyTuple_Type, &w.item_keys, &PyTuple_Type, &roles,
            &PyTuple_Type, &item_fields, &PyFrozenSet_Type, &required, &PyFrozenSet_Type,
            &w.true_words, &PyTuple_Type, &w.term_keys, &PyFrozenSet_Type, &w.statuses,
            &PyFrozenSet_Type, &w.parts, &w.default_status, &w.no_status))
        return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(w.item_keys);
    if (PyTuple_GET_SIZE(tags) != 3 || PyTuple_GET_SIZE(w.top_keys) != 3 ||
        PyTuple_GET_SIZE(w.term_keys) != 3 || PyTuple_GET_SIZE(roles) != n ||
        PyTuple_GET_SIZE(item_fields) != n || n > MAX_KEYS) {
        PyErr_SetString(PyExc_ValueError, "walk: 3 tags, 3 top keys, 3 term keys, a role and"
                                          " fields per item key (at most 32)");
        goto done;
    }
    /* Terms: text, status, key, place, status place, part of speech, then others. */
    term_fields = slots_of(w.term_type, w.term_slots, &w.term_slot_count);
    if (term_fields == NULL)
        goto done;
    if (w.term_slot_count < 6) {
        PyErr_SetString(PyExc_TypeError, "walk: term_type needs 6 fields");
        goto done;
    }
    item_field_names = slots_of(w.item_type, w.item_slots, &w.item_slot_count);
    if (item_field_names == NULL)
        goto done;
    w.item_place_slot = field_index(item_field_names, item_place);
    if (w.item_place_slot < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "walk: item_place must name a field");
        goto done;
    }
    w.str_tag = PyTuple_GET_ITEM(tags, 0);
    w.null_tag = PyTuple_GET_ITEM(tags, 1);
    w.bool_tag = PyTuple_GET_ITEM(tags, 2);
    for (Py_ssize_t k = 0; k < n; k++) {
        long role = PyLong_AsLong(PyTuple_GET_ITEM(roles, k));
        PyObject *pair = PyTuple_GET_ITEM(item_fields, k);
        if (role < 0 || role >= ROLE_COUNT || !PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "walk: a role and (field, place field) per key");
            goto done;
        }
        w.roles[k] = (int)role;
        w.value_slot[k] = field_index(item_field_names, PyTuple_GET_ITEM(pair, 0));
        w.place_slot[k] = field_index(item_field_names, PyTuple_GET_ITEM(pair, 1));
        if (w.value_slot[k] < 0 || w.place_slot[k] == -2) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "walk: each key needs a field");
            goto done;
        }
        int needed = PySet_Contains(required, PyTuple_GET_ITEM(w.item_keys, k));
        if (needed < 0)
            goto done;
        w.required[k] = needed;
    }
    PyObject *items = PyList_New(0);
    if (items == NULL)
        goto done;
    if (!yaml_parser_initialize(&w.parser)) {
        Py_DECREF(items);
        PyErr_NoMemory();
        goto done;
    }
    /* No encoding set: found as PyYAML's parser finds it (a BOM read, not counted). */
    yaml_parser_set_input_string(&w.parser, (const unsigned char *)data.buf, (size_t)data.len);
    int status = read_document(&w, items);
    if (w.has_event)
        yaml_event_delete(&w.event);
    yaml_parser_delete(&w.parser);
    if (status == DONE) {
        result = items;
    } else {
        Py_DECREF(items);
        if (status == GIVE_UP)
            result = Py_NewRef(Py_None);
    }
done:
    for (Py_ssize_t i = 0; i < w.term_slot_count; i++)
        Py_DECREF(w.term_slots[i]);
    for (Py_ssize_t i = 0; i < w.item_slot_count; i++)
        Py_DECREF(w.item_slots[i]);
    Py_XDECREF(term_fields);
    Py_XDECREF(item_field_names);
    PyBuffer_Release(&data);
    return result;
}

static PyMethodDef methods[] = {
    {"walk", (PyCFunction)(void (*)(void))walk, METH_VARARGS | METH_KEYWORDS,
     "walk(data, ...) -> list of items, or None: see yamlwalk.py."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_yamlwalk", "A glossary-shaped YAML document walked in C.", -1,
    methods,
};

PyMODINIT_FUNC PyInit__yamlwalk(void) { return PyModule_Create(&module); }
