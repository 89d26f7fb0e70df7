"""Exercise 04 — segmentation (lesson 04): a segmentation basis by time, standardising features,
k-means, cluster profiles, the silhouette and reading a snake plot."""

from __future__ import annotations


from ...i18n import N_, NP_, pgettext
from ..compare import calls, choice, describe, frame, known_mistakes, number, series
from ..feedback import CORRECT, incorrect
from ..messages import message
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


def _silhouette_band(ex) -> str:
    """The option letter of the band the k = 4 silhouette falls in."""
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import StandardScaler

    features, columns = _features(ex)
    labels = _kit_labels(ex, features, columns)
    z = StandardScaler().fit_transform(features[columns])
    s = float(silhouette_score(z, labels.reindex(features.index).to_numpy()))
    if s > 0.7:
        return "A"
    if s > 0.5:
        return "B"
    if s > 0.25:
        return "C"
    return "D"


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
    persona = pd.crosstab(labels, truth).loc[top].idxmax()
    if persona == "economic" and table.loc[top, "log_mean_basket"] < 0:
        return "B"
    return {"convenience": "A", "personalising": "C", "ethical": "D"}.get(str(persona), "?")


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
                "meaning = \"D\"  # well below 0.25: the clusters overlap heavily"
            ),
            reference=_silhouette_band,
            compare=choice("ABCD"),
            hints=(
                N_("Compute the mean silhouette of your clusters with the lesson's "
                   "`seg.segment_silhouette` (the features, the labels and the clustered columns), "
                   "then find its band among the options."),
                N_("The silhouette runs from −1 to 1: near 1 every customer sits deep inside its own cluster, "
                   "near 0 on a border between two clusters."),
            ),
            wrong=(Wrong('meaning = "A"', "wrong_choice"), Wrong('meaning = "C"', "wrong_choice")),
            wrong_type="meaning = 0.13",
        ),
        Question(
            name="q6",
            kind="picture",
            title=N_("Read the snake plot: which description fits the cluster highest on discount share?"),
            answer="discount_cluster",
            solution='discount_cluster = "B"  # below-average baskets bought on discount: economic customers',
            reference=_discount_cluster_reading,
            compare=choice("ABCD"),
            hints=(
                N_("Find the line that is highest at \"share bought on discount\", then follow it to "
                   "\"mean basket (log)\": above or below the zero line?"),
                N_("A z below 0 means below the average customer. Which marketing type cares most about price?"),
            ),
            wrong=(Wrong('discount_cluster = "A"', "wrong_choice"), Wrong('discount_cluster = "D"', "wrong_choice")),
            wrong_type="discount_cluster = 0",
        ),
    ),
)
