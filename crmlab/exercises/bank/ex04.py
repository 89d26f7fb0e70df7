"""Exercise 04 — segmentation (lesson 04): a segmentation basis by time, standardising features,
k-means, cluster profiles, the silhouette, reading a snake plot and Kotler's relationship levels."""

from __future__ import annotations


from ...i18n import N_, NP_, pgettext
from ..compare import calls, choice, chosen, describe, frame, known_mistakes, number, series
from ..feedback import CORRECT, incorrect
from ..messages import message
from ..options import Option
from ..spec import ExerciseSpec, Question, Wrong

SETUP = """\
from crmlab import segment as seg, plots
customers = ex.data.customers
orders = ex.data.orders
as_of = ex.as_of
features = seg.segmentation_features(ex.data, as_of=as_of)
columns = seg.default_columns(features)
"""

K = 4
N_INIT = 10
RANDOM_STATE = 0
#: Adjusted Rand index from which a partition counts as the expected one.
MIN_ARI = 0.9


def _features(ex):
    from crmlab import segment as seg

    features = seg.segmentation_features(ex.data, as_of=ex.as_of)
    return features, seg.default_columns(features)


def _clustered_columns(ex):
    """``features[columns]``: the frame the student's ``standardise`` is called with."""
    features, columns = _features(ex)
    return features[columns]


def _kit_labels(ex, features=None, columns=None):
    """The lesson's k-means clusters (k = 4, standardised default features, fixed start)."""
    from crmlab import segment as seg

    if features is None:
        features, columns = _features(ex)
    labels, _model = seg.kmeans_segments(features, K, columns, random_state=RANDOM_STATE, n_init=N_INIT)
    return labels


# -- comparators ----------------------------------------------------------------------------------
def _same_partition(*, k: int, min_ari: float = MIN_ARI, unit: str = NP_("row unit", "customer")):
    """Compare cluster labels with the reference partition, whatever the cluster numbers:
    correct when the adjusted Rand index is at least ``min_ari``."""
    import numpy as np
    import pandas as pd

    def compare(answer, expected, ex=None):
        if answer is None:
            return incorrect("answer_is_none")
        if isinstance(answer, (np.ndarray, list, tuple, pd.Index)) and len(answer) == len(expected):
            return incorrect("ex04_labels_not_series", got=describe(answer))
        if not isinstance(answer, pd.Series):
            return incorrect("wrong_type", expected=message("kind:series"), got=describe(answer))
        if len(answer) != len(expected):
            return incorrect("wrong_length", got=len(answer), unit=pgettext("row unit", unit))
        if answer.index.has_duplicates:
            return incorrect("duplicate_keys", what="customer_id", count=int(answer.index.duplicated(keep=False).sum()))
        try:
            missing = expected.index.difference(answer.index)
        except TypeError:
            return incorrect("wrong_index", index="customer_id", got=describe(answer.index))
        if len(missing):
            return incorrect("wrong_index", index="customer_id", got=repr(list(answer.index[:3]))[:40])
        got = answer.reindex(expected.index)
        if got.isna().any():
            return incorrect("ex04_missing_labels", count=int(got.isna().sum()))
        n_clusters = int(got.nunique())
        if n_clusters != k:
            return incorrect("ex04_wrong_k", got=n_clusters, k=k)
        from sklearn.metrics import adjusted_rand_score

        codes = pd.factorize(got.astype(str))[0]
        ari = float(adjusted_rand_score(expected.to_numpy(), codes))
        if ari >= min_ari:
            return CORRECT
        return incorrect("ex04_partition_differs", ari=ari)

    return compare


# -- references -----------------------------------------------------------------------------------
def _time_segments(ex):
    from crmlab import segment as seg

    # any order counts here, returned or not (the exercise says so)
    return seg.time_segments(ex.data.orders, ex.data.customers, as_of=ex.as_of, returned=None)["segment"]


def _standardised(ex):
    import pandas as pd
    from sklearn.preprocessing import StandardScaler

    x = _clustered_columns(ex)
    return pd.DataFrame(StandardScaler().fit_transform(x), index=x.index, columns=x.columns)


def _relative_monetary(ex, by: str) -> float:
    """Relative importance (mean / overall mean − 1) of ``monetary`` in the cluster with the
    highest mean ``by``, for the lesson's k = 4 clusters."""
    from crmlab import segment as seg

    features, columns = _features(ex)
    profiles = seg.cluster_profiles(features, _kit_labels(ex, features, columns), [by, "monetary"])
    means = profiles[profiles["feature"] == by].set_index("cluster")["mean"]
    row = profiles[(profiles["cluster"] == means.idxmax()) & (profiles["feature"] == "monetary")]
    return float(row["relative"].iloc[0])


def _relative_spend(ex) -> float:
    return _relative_monetary(ex, "channel_app")


def _ratio_not_relative(ex) -> float:
    return _relative_spend(ex) + 1.0


def _bargain_relative_spend(ex) -> float:
    return _relative_monetary(ex, "discount_share")


SILHOUETTE_OPTIONS = (
    Option("below_025", N_("Below 0.25: the clusters overlap; useful summaries, not natural groups.")),
    Option("above_07", N_("Above 0.7: four well-separated groups that really exist in the customers.")),
    Option("from_05", N_("Between 0.5 and 0.7: clear groups, with a few customers on the borders.")),
    Option("from_025", N_("Between 0.25 and 0.5: a weak structure; real groups that overlap.")),
)


def _silhouette_band(ex) -> str:
    """The option of the band the k = 4 silhouette falls in."""
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import StandardScaler

    features, columns = _features(ex)
    labels = _kit_labels(ex, features, columns)
    z = StandardScaler().fit_transform(features[columns])
    s = float(silhouette_score(z, labels.reindex(features.index).to_numpy()))
    if s > 0.7:
        return "above_07"
    if s > 0.5:
        return "from_05"
    if s > 0.25:
        return "from_025"
    return "below_025"


PERSONA_OPTIONS = (
    Option("convenience", N_("Its baskets are above average and it leads on the app channel: convenience "
                             "customers (方便型), who pay for convenient service.")),
    Option("ethical", N_("It is close to average on every other feature: ethical customers (道德型), whose "
                         "buying looks ordinary.")),
    Option("personalising", N_("Its baskets are above average and it leads on the phone channel: "
                               "personalising customers (个性化), who want a personal touch.")),
    Option("economic", N_("Its baskets are below average: price-driven economic customers (经济型), "
                          "buying small baskets on discount.")),
)


def _discount_cluster_reading(ex) -> str:
    """Which option describes the cluster furthest above average on discount share: its basket
    (from the snake plot's numbers) and its main true persona (hidden from students)."""
    import pandas as pd

    from crmlab import segment as seg

    features, columns = _features(ex)
    labels = _kit_labels(ex, features, columns)
    table = seg.profile_table(seg.cluster_profiles(features, labels, columns), "z")
    top = table["discount_share"].idxmax()
    truth = ex.data.truth_customers.set_index("customer_id")["persona"].reindex(features.index)
    persona = str(pd.crosstab(labels, truth).loc[top].idxmax())
    if persona == "economic":
        return "economic" if table.loc[top, "log_mean_basket"] < 0 else "?"
    return persona if persona in {"convenience", "personalising", "ethical"} else "?"


# -- q7: Kotler's relationship levels ---------------------------------------------------------------
#: Bands of Kotler's matrix: (limit, band) — a value below the limit gets the band.
COUNT_BANDS = ((100, "few"), (1000, "medium"), (None, "many"))
MARGIN_BANDS = ((100, "low"), (500, "medium"), (None, "high"))
#: The value segments' yearly margin: 30 % of the spend of the three years of data, per year.
MARGIN_RATE, YEARS = 0.3, 3


def _value_segments(ex):
    """The value segments of the student's customers: their number and mean yearly margin (the
    table ``relationship_level`` is called with)."""
    from crmlab import segment as seg

    value = seg.value_segments(ex.data.orders, returned="returned")
    table = value.groupby("segment", observed=True)["value"].agg(customers="size", margin="mean")
    table["margin"] = MARGIN_RATE * table["margin"] / YEARS
    table.index = table.index.astype(str)
    return table


def _edge_segments():
    """Segments on and around every band limit (the check's second call)."""
    import pandas as pd

    rows = [(c, m) for c in (99, 100, 999, 1000) for m in (99.99, 100.0, 499.99, 500.0)]
    return pd.DataFrame(rows, columns=["customers", "margin"], index=[f"s{i:02d}" for i in range(1, len(rows) + 1)])


def _band(values, bands, *, inclusive: bool = False):
    import numpy as np

    limits = [limit for limit, _ in bands[:-1]]
    conditions = [values <= limit if inclusive else values < limit for limit in limits]
    return np.select(conditions, [name for _, name in bands[:-1]], bands[-1][1])


def _levels(table, *, inclusive: bool = False, swap: bool = False):
    """Kotler's level of each row (crmlab's matrix), with the bands as the question states them;
    ``inclusive`` puts a limit in the lower band, ``swap`` reads many customers as few."""
    import pandas as pd

    from crmlab import segment as seg

    counts = _band(table["customers"], COUNT_BANDS, inclusive=inclusive)
    if swap:
        counts = pd.Series(counts).map({"few": "many", "many": "few", "medium": "medium"}).to_numpy()
    margins = _band(table["margin"], MARGIN_BANDS, inclusive=inclusive)
    return pd.Series([seg.kotler_level(str(c), str(m)) for c, m in zip(counts, margins)], index=table.index)


def _kotler(ex):
    return _levels(_value_segments(ex))


def _kotler_call(table):
    """Call ``relationship_level(segments)`` on ``table(ex)`` and compare with its levels."""
    comparator = known_mistakes(
        series(unit=NP_("row unit", "segment"), index=N_("the segments of `segments`")),
        (
            (lambda ex: _levels(table(ex), inclusive=True), "ex04_kotler_bands"),
            (lambda ex: _levels(table(ex), swap=True), "ex04_kotler_direction"),
        ),
    )
    return calls(lambda ex: {"segments": table(ex)}, comparator, call="relationship_level(segments)")


def _kotler_calls(answer, expected, ex=None):
    """Two calls: the student's own value segments (the reference), then segments on and around
    every band limit, so that the whole matrix and each boundary is tried."""
    fb = _kotler_call(_value_segments)(answer, expected, ex)
    if not fb.correct:
        return fb
    return _kotler_call(lambda ex: _edge_segments())(answer, _levels(_edge_segments()), ex)


_kotler_calls.argument_sets = lambda ex: [{"segments": _value_segments(ex)}, {"segments": _edge_segments()}]


# -- the exercise ---------------------------------------------------------------------------------
#: This exercise's own messages: the diagnoses of its typical slips (key → English text).
MESSAGES = {
    "ex04_labels_not_series": N_(
        "Your labels are {got}. Give them as a Series indexed like `features`, e.g. "
        "`pd.Series(km.labels_, index=features.index)`."
    ),
    "ex04_missing_labels": N_(
        "{count:,} customers of `features` have no cluster label: every customer needs one."
    ),
    "ex04_wrong_k": N_("Your labels form {got} clusters, but k = {k} clusters were asked for."),
    "ex04_partition_differs": N_(
        "Your clusters differ from the expected ones (adjusted Rand index {ari:.2f}; 1 = the "
        "same grouping). k-means depends on scaling and on its starts: cluster the standardised "
        "`columns` with n_init=10 and random_state=0."
    ),
    "ex04_ratio_not_relative": N_(
        "That is the ratio cluster mean / overall mean. Relative importance subtracts 1, so that "
        "0 means \"like the average customer\"."
    ),
    "ex04_not_app_cluster": N_(
        "You profiled the cluster with the highest discount share. The question asks about the "
        "app shoppers: the cluster with the highest mean `channel_app`."
    ),
    "ex04_silhouette_unscaled": N_(
        "That band is what clusters of the raw, unscaled features score, where spend in money "
        "units outweighs every other feature. Measure the clusters of question 3 on the "
        "standardised `columns`."
    ),
    "ex04_basket_sign": N_(
        "Follow that cluster's line to \"mean basket (log)\": is it above or below the zero line?"
    ),
    "ex04_kotler_bands": N_(
        "Check the band limits: 100 customers are already `medium` and 1,000 `many`; a margin of "
        "100 is already `medium` and 500 `high`."
    ),
    "ex04_kotler_direction": N_(
        "Your levels run the wrong way on the number of customers: many customers with thin margins "
        "get the cheapest relationship (basic), few customers with high margins a partnership."
    ),
}


EXERCISE = ExerciseSpec(
    id="04",
    title=N_("Segmentation"),
    notebook="04_segmentation.ipynb",
    messages=MESSAGES,
    setup=SETUP,
    questions=(
        Question(
            name="q1",
            kind="table",
            title=N_("Segment every registered customer by time: old, new or future customer"),
            answer="time_segment",
            solution=(
                "first = orders.groupby('customer_id')['order_date'].min().reindex(customers['customer_id'])\n"
                "time_segment = pd.Series(np.where(first.isna(), 'future',\n"
                "                         np.where(first >= as_of - pd.Timedelta(days=365), 'new', 'old')),\n"
                "                         index=first.index)"
            ),
            reference=_time_segments,
            compare=series(unit=NP_("row unit", "customer"), index="customer_id"),
            hints=(
                N_("A customer's segment depends on the date of their first order: within the last 365 days → "
                   "`'new'`, earlier → `'old'`, none at all → `'future'`. Every customer of `customers` needs a segment."),
                N_("Group `orders` by `customer_id` and take the earliest `order_date`: each "
                   "buyer's first order. `.reindex(customers['customer_id'])` then adds the "
                   "customers who never bought (as NaT)."),
                N_("Nest two `np.where`: a customer without a first order is 'future'; of the "
                   "others, those whose first order lies within the 365 days before `as_of` are "
                   "'new', the rest 'old'. Wrap the result in a Series indexed like the first-order "
                   "dates."),
            ),
            wrong=(
                Wrong(
                    "first = orders.groupby('customer_id')['order_date'].min()\n"
                    "time_segment = pd.Series(np.where(first >= as_of - pd.Timedelta(days=365), 'new', 'old'),\n"
                    "                         index=first.index)",
                    "wrong_length",
                ),
                Wrong(
                    "last = orders.groupby('customer_id')['order_date'].max().reindex(customers['customer_id'])\n"
                    "time_segment = pd.Series(np.where(last.isna(), 'future',\n"
                    "                         np.where(last >= as_of - pd.Timedelta(days=365), 'new', 'old')),\n"
                    "                         index=last.index)",
                    "wrong_values_count",
                ),
            ),
            wrong_type="time_segment = ['new', 'old', 'future']",
        ),
        Question(
            name="q2",
            kind="function",
            title=N_("Write standardise(frame): every column as z-scores (mean 0, standard deviation 1)"),
            answer="standardise",
            solution=(
                "def standardise(frame):\n"
                "    return (frame - frame.mean()) / frame.std(ddof=0)"
            ),
            reference=_standardised,
            compare=calls(
                lambda ex: {"frame": _clustered_columns(ex)},
                frame(key="customer_id", unit=NP_("row unit", "customer"), rtol=1e-3, atol=1e-6),
                call="standardise(features[columns])",
            ),
            hints=(
                N_("A z-score says how many standard deviations a value lies above its column's mean. "
                   "Return a new DataFrame with the same index and columns."),
                N_("Column-wise arithmetic does it in one line: subtract `frame.mean()`, divide by "
                   "`frame.std(ddof=0)`. Do not change `frame` itself."),
                N_("Subtracting a Series from a DataFrame works column by column (pandas aligns the "
                   "Series' index with the columns), so no loop is needed; return the new frame and "
                   "leave `frame` unchanged."),
            ),
            wrong=(
                Wrong("def standardise(frame):\n    return frame - frame.mean()", "wrong_column_values"),
                Wrong(
                    "def standardise(frame):\n    return (frame - frame.min()) / (frame.max() - frame.min())",
                    "wrong_column_values",
                ),
                Wrong(
                    "def standardise(frame):\n"
                    "    frame -= frame.mean()\n"
                    "    frame /= frame.std(ddof=0)\n"
                    "    return frame",
                    "function_mutated",
                ),
                Wrong(
                    "def standardise(frame):\n"
                    "    from sklearn.preprocessing import StandardScaler\n"
                    "    return StandardScaler().fit_transform(frame)",
                    "wrong_type",
                ),
            ),
            wrong_type="standardise = features",
        ),
        Question(
            name="q3",
            kind="table",
            title=N_("Cluster the customers with k-means: k = 4 on the standardised default features"),
            answer="labels",
            solution="labels, model = seg.kmeans_segments(features, 4, columns, random_state=0, n_init=10)",
            reference=_kit_labels,
            compare=_same_partition(k=K),
            hints=(
                N_("k-means groups customers by distance, so the features must be standardised first; "
                   "the lesson's `seg.kmeans_segments` does that for you."),
                N_("Pass the features, k = 4, the `columns` list, `random_state=0` and `n_init=10`. "
                   "It returns two things: the labels (a Series) and the fitted model."),
                N_("Unpack the two results in one assignment, `labels, model = "
                   "seg.kmeans_segments(…)`, with the arguments in the order of the second hint."),
            ),
            wrong=(
                Wrong(
                    "labels, model = seg.kmeans_segments(features, 4, columns, scale=False, random_state=0, n_init=10)",
                    "ex04_partition_differs",
                ),
                Wrong("labels, model = seg.kmeans_segments(features, 3, columns, random_state=0, n_init=10)", "ex04_wrong_k"),
                Wrong(
                    "labels, model = seg.kmeans_segments(features, 4, columns, random_state=0, n_init=10)\n"
                    "labels = labels.to_numpy()",
                    "ex04_labels_not_series",
                ),
            ),
            wrong_type="labels = 4",
        ),
        Question(
            name="q4",
            kind="value",
            title=N_("Profile: how much more or less do the app shoppers spend than the average customer?"),
            answer="relative_spend",
            solution=(
                "labels, model = seg.kmeans_segments(features, 4, columns, random_state=0, n_init=10)\n"
                "app = features.groupby(labels)['channel_app'].mean().idxmax()\n"
                "relative_spend = features.loc[labels == app, 'monetary'].mean() / features['monetary'].mean() - 1"
            ),
            reference=_relative_spend,
            compare=known_mistakes(
                number(rtol=1e-6),
                ((_ratio_not_relative, "ex04_ratio_not_relative"), (_bargain_relative_spend, "ex04_not_app_cluster")),
            ),
            hints=(
                N_("First find the cluster whose customers use the app most: the highest mean `channel_app`. "
                   "Then compare that cluster's mean `monetary` with the mean over all customers."),
                N_("Group `features` by the labels, take the mean `channel_app` of each cluster, "
                   "and `.idxmax()` names the cluster where it is highest. Relative importance is "
                   "cluster mean / overall mean − 1 (0 = average, +0.5 = 50 % above)."),
                N_("Select the app cluster's rows with a boolean mask on the labels (`labels == "
                   "app`, where `app` is the cluster found above), take their mean `monetary`, "
                   "divide it by the mean over every customer and subtract 1."),
            ),
            wrong=(
                Wrong(
                    "labels, model = seg.kmeans_segments(features, 4, columns, random_state=0, n_init=10)\n"
                    "app = features.groupby(labels)['channel_app'].mean().idxmax()\n"
                    "relative_spend = features.loc[labels == app, 'monetary'].mean() / features['monetary'].mean()",
                    "ex04_ratio_not_relative",
                ),
                Wrong(
                    "labels, model = seg.kmeans_segments(features, 4, columns, random_state=0, n_init=10)\n"
                    "top = features.groupby(labels)['discount_share'].mean().idxmax()\n"
                    "relative_spend = features.loc[labels == top, 'monetary'].mean() / features['monetary'].mean() - 1",
                    "ex04_not_app_cluster",
                ),
                Wrong(
                    "labels, model = seg.kmeans_segments(features, 4, columns, random_state=0, n_init=10)\n"
                    "app = features.groupby(labels)['channel_app'].mean().idxmax()\n"
                    "relative_spend = 100 * (features.loc[labels == app, 'monetary'].mean() / "
                    "features['monetary'].mean() - 1)",
                    "percent_vs_fraction",
                ),
            ),
            wrong_type="relative_spend = features['monetary']",
        ),
        Question(
            name="q5",
            kind="choice",
            title=N_("The silhouette of the four clusters: what does it say?"),
            answer="meaning",
            solution=(
                "labels, model = seg.kmeans_segments(features, 4, columns, random_state=0, n_init=10)\n"
                "silhouette = seg.segment_silhouette(features, labels, columns)\n"
                "print(round(silhouette, 3))\n"
                "meaning = ex.q5.letter('below_025')  # "
                # Translators: a comment in the code of a solution, shown by ex.q5.solution().
                + N_("well below 0.25: the clusters overlap heavily")
            ),
            reference=_silhouette_band,
            compare=known_mistakes(choice(SILHOUETTE_OPTIONS), chosen({"from_025": "ex04_silhouette_unscaled"})),
            hints=(
                N_("Compute the mean silhouette of your clusters with the lesson's "
                   "`seg.segment_silhouette` (the features, the labels and the clustered columns), "
                   "then find its band among the options."),
                N_("The silhouette runs from −1 to 1: near 1 every customer sits deep inside its own cluster, "
                   "near 0 on a border between two clusters."),
            ),
            options=SILHOUETTE_OPTIONS,
            wrong=(
                Wrong("meaning = ex.q5.letter('from_025')", "ex04_silhouette_unscaled"),
                Wrong("meaning = ex.q5.letter('above_07')", "wrong_choice"),
            ),
            wrong_type="meaning = 0.13",
        ),
        Question(
            name="q6",
            kind="picture",
            title=N_("Read the snake plot: which description fits the cluster highest on discount share?"),
            answer="discount_cluster",
            # Translators: a comment in the code of a solution, shown by ex.q6.solution().
            solution="discount_cluster = ex.q6.letter('economic')  # " + N_("below-average baskets bought on discount: economic customers"),
            reference=_discount_cluster_reading,
            compare=known_mistakes(
                choice(PERSONA_OPTIONS),
                chosen({"convenience": "ex04_basket_sign", "personalising": "ex04_basket_sign"}),
            ),
            hints=(
                N_("Find the line that is highest at \"share bought on discount\", then follow it to "
                   "\"mean basket (log)\": above or below the zero line?"),
                N_("A z below 0 means below the average customer. Which marketing type cares most about price?"),
            ),
            options=PERSONA_OPTIONS,
            wrong=(
                Wrong("discount_cluster = ex.q6.letter('convenience')", "ex04_basket_sign"),
                Wrong("discount_cluster = ex.q6.letter('ethical')", "wrong_choice"),
            ),
            wrong_type="discount_cluster = 0",
        ),
        Question(
            name="q7",
            kind="function",
            title=N_("Write relationship_level(segments): Kotler's relationship level for each segment"),
            answer="relationship_level",
            solution=(
                "def relationship_level(segments):\n"
                "    count = np.select([segments['customers'] < 100, segments['customers'] < 1000], ['few', 'medium'], 'many')\n"
                "    margin = np.select([segments['margin'] < 100, segments['margin'] < 500], ['low', 'medium'], 'high')\n"
                "    return pd.Series([seg.kotler_level(c, m) for c, m in zip(count, margin)], index=segments.index)"
            ),
            reference=_kotler,
            compare=_kotler_calls,
            hints=(
                N_("Band each segment first — its number of customers into few, medium or many, its margin "
                   "into low, medium or high — then read the level off Kotler's matrix."),
                N_("Each step towards fewer customers or a higher margin raises the level by one: many "
                   "customers with a low margin get `'basic'`, few with a high margin `'partnership'`. The "
                   "lesson's `seg.kotler_level` reads the matrix for one pair of bands."),
                N_("`np.select` bands a whole column at once (the first condition that holds wins); "
                   "return a Series of the level codes with the same index as `segments`, and leave "
                   "`segments` unchanged."),
            ),
            wrong=(
                Wrong(
                    "def relationship_level(segments):\n"
                    "    count = np.select([segments['customers'] <= 100, segments['customers'] <= 1000], ['few', 'medium'], 'many')\n"
                    "    margin = np.select([segments['margin'] <= 100, segments['margin'] <= 500], ['low', 'medium'], 'high')\n"
                    "    return pd.Series([seg.kotler_level(c, m) for c, m in zip(count, margin)], index=segments.index)",
                    "ex04_kotler_bands",
                ),
                Wrong(
                    "def relationship_level(segments):\n"
                    "    count = np.select([segments['customers'] < 100, segments['customers'] < 1000], ['many', 'medium'], 'few')\n"
                    "    margin = np.select([segments['margin'] < 100, segments['margin'] < 500], ['low', 'medium'], 'high')\n"
                    "    return pd.Series([seg.kotler_level(c, m) for c, m in zip(count, margin)], index=segments.index)",
                    "ex04_kotler_direction",
                ),
                Wrong(
                    "def relationship_level(segments):\n"
                    "    segments['level'] = 'basic'\n"
                    "    return segments['level']",
                    "function_mutated",
                ),
                Wrong(
                    "def relationship_level(segments):\n"
                    "    return segments['customers'].map(lambda n: 'basic' if n >= 1000 else 'partnership')",
                    "wrong_values_count",
                ),
            ),
            wrong_type="relationship_level = 'partnership'",
        ),
    ),
)
