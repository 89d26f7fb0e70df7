"""Display names of the codes in the data and in analysis results.

Codes (``"web"``, ``"gold"``, ``"after_sales"``) are stable English identifiers in every
language, so the same code runs on every locale and in every language. What a student *reads*
— a legend, a tick label, a widget option — is the code's display name, marked here with
``NP_(kind, name)`` and translated with ``pgettext(kind, name)`` by :func:`crmlab.i18n.label`.
The kind is the translation context: the same code can mean different things in different
places (a membership tier ``"none"`` is not Dick & Basu's ``"none"``).

Each kind lists every code its source defines; ``tests/test_vocabulary.py`` checks that against
the tuples the simulation and the analyses use.
"""

from __future__ import annotations

from .i18n import NP_

__all__ = ["CODES", "ALIASES", "lookup"]

#: kind → {code: English display name}. The kind is usually the column's name.
CODES: dict[str, dict[str, str]] = {
    # -- customers -----------------------------------------------------------------------------
    "gender": {"F": NP_("gender", "female"), "M": NP_("gender", "male")},
    "education": {
        "secondary": NP_("education", "secondary school"),
        "vocational": NP_("education", "vocational college"),
        "bachelor": NP_("education", "bachelor's degree"),
        "master": NP_("education", "master's degree"),
        "doctorate": NP_("education", "doctorate"),
    },
    "occupation": {
        "employee": NP_("occupation", "employee"),
        "manager": NP_("occupation", "manager"),
        "professional": NP_("occupation", "professional"),
        "self_employed": NP_("occupation", "self-employed"),
        "student": NP_("occupation", "student"),
        "retired": NP_("occupation", "retired"),
        "other": NP_("occupation", "other"),
    },
    "marital_status": {
        "single": NP_("marital_status", "single"),
        "married": NP_("marital_status", "married"),
        "divorced": NP_("marital_status", "divorced"),
        "widowed": NP_("marital_status", "widowed"),
    },
    "acquisition_channel": {
        "search": NP_("acquisition_channel", "search engine"),
        "social": NP_("acquisition_channel", "social media"),
        "referral": NP_("acquisition_channel", "referral"),
        "store": NP_("acquisition_channel", "store"),
        "marketplace": NP_("acquisition_channel", "marketplace"),
        "direct_mail": NP_("acquisition_channel", "direct mail"),
    },
    "membership_tier": {
        "none": NP_("membership_tier", "not a member"),
        "silver": NP_("membership_tier", "silver"),
        "gold": NP_("membership_tier", "gold"),
        "platinum": NP_("membership_tier", "platinum"),
    },
    "persona": {
        "economic": NP_("persona", "economic"),
        "ethical": NP_("persona", "ethical"),
        "personalising": NP_("persona", "personalising"),
        "convenience": NP_("persona", "convenience"),
    },
    # -- orders --------------------------------------------------------------------------------
    "order_channel": {
        "store": NP_("order_channel", "store"),
        "web": NP_("order_channel", "web shop"),
        "app": NP_("order_channel", "app"),
        "phone": NP_("order_channel", "phone"),
    },
    "category": {
        "groceries": NP_("category", "groceries"),
        "household": NP_("category", "household goods"),
        "electronics": NP_("category", "electronics"),
        "apparel": NP_("category", "apparel"),
        "beauty": NP_("category", "beauty"),
        "home": NP_("category", "home and living"),
    },
    "product": {
        "rice": NP_("product", "rice"),
        "cooking_oil": NP_("product", "cooking oil"),
        "beer": NP_("product", "beer"),
        "snacks": NP_("product", "snacks"),
        "tea": NP_("product", "tea"),
        "milk": NP_("product", "milk"),
        "diapers": NP_("product", "diapers"),
        "detergent": NP_("product", "detergent"),
        "paper_towels": NP_("product", "paper towels"),
        "toothpaste": NP_("product", "toothpaste"),
        "phone": NP_("product", "mobile phone"),
        "phone_case": NP_("product", "phone case"),
        "printer": NP_("product", "printer"),
        "ink_cartridge": NP_("product", "ink cartridge"),
        "headphones": NP_("product", "headphones"),
        "shirt": NP_("product", "shirt"),
        "trousers": NP_("product", "trousers"),
        "shoes": NP_("product", "shoes"),
        "socks": NP_("product", "socks"),
        "shampoo": NP_("product", "shampoo"),
        "conditioner": NP_("product", "conditioner"),
        "face_cream": NP_("product", "face cream"),
        "lipstick": NP_("product", "lipstick"),
        "bedding": NP_("product", "bedding"),
        "cookware": NP_("product", "cookware"),
        "lamp": NP_("product", "lamp"),
        "storage_box": NP_("product", "storage box"),
    },
    # -- surveys and complaints ----------------------------------------------------------------
    "attribute": {
        "quality": NP_("attribute", "product quality"),
        "service": NP_("attribute", "service"),
        "delivery": NP_("attribute", "delivery"),
        "price": NP_("attribute", "price"),
        "after_sales": NP_("attribute", "after-sales service"),
    },
    "survey_method": {
        "on_site": NP_("survey_method", "on-site questionnaire"),
        "phone": NP_("survey_method", "phone interview"),
        "mail": NP_("survey_method", "mail questionnaire"),
        "online": NP_("survey_method", "online survey"),
    },
    "complaint_category": {
        "product_quality": NP_("complaint_category", "product quality"),
        "staff_attitude": NP_("complaint_category", "staff attitude"),
        "delivery": NP_("complaint_category", "delivery"),
        "billing": NP_("complaint_category", "billing"),
        "after_sales": NP_("complaint_category", "after-sales service"),
    },
    "complaint_channel": {
        "phone": NP_("complaint_channel", "phone"),
        "email": NP_("complaint_channel", "e-mail"),
        "app": NP_("complaint_channel", "app"),
        "store": NP_("complaint_channel", "store"),
        "social_media": NP_("complaint_channel", "social media"),
    },
    "severity": {
        "low": NP_("severity", "low"),
        "medium": NP_("severity", "medium"),
        "high": NP_("severity", "high"),
    },
    "resolution": {
        "refund": NP_("resolution", "refund"),
        "replacement": NP_("resolution", "replacement"),
        "repair": NP_("resolution", "repair"),
        "apology": NP_("resolution", "apology"),
        "compensation": NP_("resolution", "compensation"),
        "rejected": NP_("resolution", "rejected"),
        "unresolved": NP_("resolution", "unresolved"),
    },
    "complaint_step": {
        "record": NP_("complaint_step", "record the complaint"),
        "judge_validity": NP_("complaint_step", "judge its validity"),
        "route": NP_("complaint_step", "route to the department"),
        "analyse_cause": NP_("complaint_step", "analyse the cause"),
        "propose_fix": NP_("complaint_step", "propose a fix"),
        "approve": NP_("complaint_step", "approve the fix"),
        "carry_out": NP_("complaint_step", "carry out the fix"),
        "review": NP_("complaint_step", "review"),
    },
    "campaign_channel": {
        "direct_mail": NP_("campaign_channel", "direct mail"),
        "email": NP_("campaign_channel", "e-mail"),
        "sms": NP_("campaign_channel", "SMS"),
    },
    # -- the raw archive -----------------------------------------------------------------------
    "source": {
        "store": NP_("source", "store"),
        "webshop": NP_("source", "web shop"),
        "call_centre": NP_("source", "call centre"),
        "event": NP_("source", "event"),
        "survey": NP_("source", "survey"),
    },
    # -- business accounts ---------------------------------------------------------------------
    "account_type": {
        "distributor": NP_("account_type", "distributor"),
        "agent": NP_("account_type", "agent"),
        "wholesaler": NP_("account_type", "wholesaler"),
        "retailer": NP_("account_type", "retailer"),
    },
    "industry": {
        "electronics": NP_("industry", "electronics"),
        "building_materials": NP_("industry", "building materials"),
        "food": NP_("industry", "food"),
        "textiles": NP_("industry", "textiles"),
        "machinery": NP_("industry", "machinery"),
    },
    "loyalty": {
        "high": NP_("loyalty", "high loyalty"),
        "medium": NP_("loyalty", "medium loyalty"),
        "low": NP_("loyalty", "low loyalty"),
    },
    "role": {
        "user": NP_("role", "user"),
        "influencer": NP_("role", "influencer"),
        "decider": NP_("role", "decider"),
        "approver": NP_("role", "approver"),
        "buyer": NP_("role", "buyer"),
        "gatekeeper": NP_("role", "gatekeeper"),
    },

    # -- the simulation's hidden truth ---------------------------------------------------------
    "lifecycle_stage": {
        "establishment": NP_("lifecycle_stage", "establishment"),
        "development": NP_("lifecycle_stage", "development"),
        "maintenance": NP_("lifecycle_stage", "maintenance"),
        "recovery": NP_("lifecycle_stage", "recovery"),
        "churned": NP_("lifecycle_stage", "churned"),
    },
    # -- the tables and their columns ----------------------------------------------------------
    # the company's tables (crmlab.load(name))
    "table": {
        "customers": NP_("table", "customers"),
        "orders": NP_("table", "orders"),
        "order_lines": NP_("table", "order lines"),
        "surveys": NP_("table", "surveys"),
        "complaints": NP_("table", "complaints"),
        "complaint_steps": NP_("table", "complaint-handling steps"),
        "campaigns": NP_("table", "campaign contacts"),
        "archive": NP_("table", "raw customer archive"),
        "accounts": NP_("table", "business accounts"),
        "contacts": NP_("table", "account contacts"),
        "invoices": NP_("table", "invoices"),
        "truth_customers": NP_("table", "hidden truth: customers"),
        "truth_archive": NP_("table", "hidden truth: archive records"),
        "truth_accounts": NP_("table", "hidden truth: accounts"),
        "truth_baskets": NP_("table", "hidden truth: planted product pairs"),
    },
    # column names a picture or an explorer shows (axis labels, legends, options, table headers)
    "column": {
        # customers and the raw archive
        "customer_id": NP_("column", "customer ID"),
        "record_id": NP_("column", "record ID"),
        "source": NP_("column", "source"),
        "recorded_date": NP_("column", "date recorded"),
        "name": NP_("column", "name"),
        "gender": NP_("column", "gender"),
        "birth_date": NP_("column", "date of birth"),
        "phone": NP_("column", "phone"),
        "email": NP_("column", "e-mail"),
        "province": NP_("column", "province"),
        "city": NP_("column", "city"),
        "address": NP_("column", "address"),
        "postcode": NP_("column", "postcode"),
        "id_number": NP_("column", "ID number"),
        "education": NP_("column", "education"),
        "occupation": NP_("column", "occupation"),
        "marital_status": NP_("column", "marital status"),
        "household_size": NP_("column", "household size"),
        "income": NP_("column", "income"),
        "signup_date": NP_("column", "sign-up date"),
        "acquisition_channel": NP_("column", "acquisition channel"),
        "membership_tier": NP_("column", "membership tier"),
        "age_band": NP_("column", "age band"),
        # orders
        "order_date": NP_("column", "order date"),
        "amount": NP_("column", "amount"),
        "channel": NP_("column", "channel"),
        "category": NP_("column", "category"),
        "quantity": NP_("column", "quantity"),
        "discount": NP_("column", "discount"),
        "returned": NP_("column", "returned"),
        # surveys
        "survey_date": NP_("column", "survey date"),
        "method": NP_("column", "survey method"),
        "perform_quality": NP_("column", "perceived product quality"),
        "perform_service": NP_("column", "perceived service"),
        "perform_delivery": NP_("column", "perceived delivery"),
        "perform_price": NP_("column", "perceived value for money"),
        "perform_after_sales": NP_("column", "perceived after-sales service"),
        "satisfaction_overall": NP_("column", "overall satisfaction"),
        "satisfaction_vs_expectation": NP_("column", "satisfaction against expectation"),
        "satisfaction_vs_ideal": NP_("column", "satisfaction against the ideal"),
        "product_satisfaction": NP_("column", "satisfaction with the products"),
        "service_satisfaction": NP_("column", "satisfaction with the service"),
        "recommend": NP_("column", "likelihood to recommend"),
        "repurchase_intention": NP_("column", "repurchase intention"),
        "price_sensitivity": NP_("column", "price sensitivity"),
        "competitor_attitude": NP_("column", "attitude to competitors"),
        "defect_tolerance": NP_("column", "tolerance of defects"),
        "choice_minutes": NP_("column", "minutes to choose"),
        "repeat_purchases": NP_("column", "repeat purchases"),
        # complaints, campaigns, accounts, invoices, the truth
        "opened_date": NP_("column", "date opened"),
        "resolved_date": NP_("column", "date resolved"),
        "completed_date": NP_("column", "date completed"),
        "severity": NP_("column", "severity"),
        "resolution": NP_("column", "resolution"),
        "campaign_date": NP_("column", "campaign date"),
        "response_date": NP_("column", "response date"),
        "since": NP_("column", "customer since"),
        "account_type": NP_("column", "account type"),
        "industry": NP_("column", "industry"),
        "loyalty": NP_("column", "loyalty"),
        "invoice_date": NP_("column", "invoice date"),
        "due_date": NP_("column", "due date"),
        "paid_date": NP_("column", "date paid"),
        "churn_date": NP_("column", "churn date"),
        "next_purchase_date": NP_("column", "next purchase date"),
        "default_date": NP_("column", "default date"),
        "persona": NP_("column", "persona"),
        "lifecycle_stage": NP_("column", "lifecycle stage"),
        # RFM and the segmentation features
        "recency": NP_("column", "recency (days)"),
        "frequency": NP_("column", "frequency (orders)"),
        "monetary": NP_("column", "monetary (net spend)"),
        "rfm_cell": NP_("column", "RFM cell"),
        "rfm_score": NP_("column", "RFM score"),
        "recency_days": NP_("column", "days since the last order"),
        "mean_basket": NP_("column", "mean basket"),
        "log_recency": NP_("column", "recency (log)"),
        "log_frequency": NP_("column", "frequency (log)"),
        "log_monetary": NP_("column", "monetary (log)"),
        "log_mean_basket": NP_("column", "mean basket (log)"),
        "discount_share": NP_("column", "share bought on discount"),
        # analysis results
        "stage": NP_("column", "stage"),
        "tier": NP_("column", "value tier"),
        "segment": NP_("column", "segment"),
        "grade": NP_("column", "credit grade"),
        "churn_risk": NP_("column", "churn risk"),
        "satisfaction": NP_("column", "satisfaction"),
        "action": NP_("column", "action"),
        "main_signal": NP_("column", "main churn signal"),
        "cell": NP_("column", "loyalty-matrix cell"),
        "loyalty_type": NP_("column", "loyalty type"),
        "quadrant": NP_("column", "IPA quadrant"),
        "outcome": NP_("column", "outcome"),
        # the next purchase (crmlab.widgets.capstone)
        "last_purchase": NP_("column", "last purchase"),
        "purchase_days": NP_("column", "purchase days"),
        "typical_gap": NP_("column", "typical gap (days)"),
        "missed_cycles": NP_("column", "missed cycles"),
        "predicted_date": NP_("column", "predicted date"),
    },
    # ``"all"``: the one group of a result computed without groups
    "group": {"all": NP_("group", "all")},
    # -- customer value (crmlab.value) ---------------------------------------------------------
    "tier": {
        "vip": NP_("tier", "VIP"),
        "major": NP_("tier", "major"),
        "ordinary": NP_("tier", "ordinary"),
        "small": NP_("tier", "small"),
    },
    "rfm_segment": {
        "champions": NP_("rfm_segment", "champions"),
        "loyal": NP_("rfm_segment", "loyal"),
        "potential_loyalists": NP_("rfm_segment", "potential loyalists"),
        "new_customers": NP_("rfm_segment", "new customers"),
        "promising": NP_("rfm_segment", "promising"),
        "need_attention": NP_("rfm_segment", "need attention"),
        "about_to_sleep": NP_("rfm_segment", "about to sleep"),
        "at_risk": NP_("rfm_segment", "at risk"),
        "cannot_lose": NP_("rfm_segment", "cannot lose them"),
        "hibernating": NP_("rfm_segment", "hibernating"),
        "lost": NP_("rfm_segment", "lost"),
    },
    "staff_role": {
        "sales_rep": NP_("staff_role", "sales representative"),
        "sales_manager": NP_("staff_role", "sales manager"),
        "marketing_director": NP_("staff_role", "marketing director"),
        "general_manager": NP_("staff_role", "general manager"),
    },
    "contact": {"visit": NP_("contact", "visit"), "call": NP_("contact", "call")},
    "next_action": {
        "thank_you": NP_("next_action", "thank-you contact"),
        "satisfaction_check": NP_("next_action", "satisfaction check"),
        "cross_sell": NP_("next_action", "cross-sell offer"),
        "churn_watch": NP_("next_action", "churn watch"),
    },
    # -- credit management (crmlab.credit) -----------------------------------------------------
    "grade": {
        "A": NP_("grade", "A"),
        "B": NP_("grade", "B"),
        "C": NP_("grade", "C"),
        "D": NP_("grade", "D"),
        "ungraded": NP_("grade", "Ungraded"),
    },
    "five_c": {
        "character": NP_("five_c", "Character"),
        "capacity": NP_("five_c", "Capacity"),
        "capital": NP_("five_c", "Capital"),
        "collateral": NP_("five_c", "Collateral"),
        "conditions": NP_("five_c", "Conditions"),
        "payment": NP_("five_c", "Payment record"),
    },
    "ageing_bucket": {
        "current": NP_("ageing_bucket", "Not yet due"),
        "days_1_30": NP_("ageing_bucket", "1–30 days"),
        "days_31_60": NP_("ageing_bucket", "31–60 days"),
        "days_61_90": NP_("ageing_bucket", "61–90 days"),
        "days_over_90": NP_("ageing_bucket", "Over 90 days"),
    },
    "size": {
        "small": NP_("size", "small"),
        "medium": NP_("size", "medium"),
        "large": NP_("size", "large"),
    },
    "credit_policy": {
        "credit_line": NP_("credit_policy", "credit line and a grace period"),
        "cash_on_delivery": NP_("credit_policy", "cash on delivery"),
        "pay_before_goods": NP_("credit_policy", "pay before goods"),
        "phase_out": NP_("credit_policy", "pay before goods and phase out"),
    },
    "strategy": {
        "strategic_partner": NP_("strategy", "strategic partner"),
        "reward_loyalty": NP_("strategy", "reward loyalty"),
        "keep_pay_first": NP_("strategy", "keep, pay first"),
        "win_share": NP_("strategy", "win share"),
        "develop": NP_("strategy", "develop"),
        "pay_first": NP_("strategy", "pay first"),
        "phase_out": NP_("strategy", "phase out"),
        "key_account": NP_("strategy", "key account"),
        "nurture": NP_("strategy", "nurture"),
        "serve_efficiently": NP_("strategy", "serve efficiently"),
        "grow_share": NP_("strategy", "grow share"),
        "minimal_service": NP_("strategy", "minimal service"),
    },
    "purchasing": {
        "surge": NP_("purchasing", "surge"),
        "drop": NP_("purchasing", "drop"),
        "stable": NP_("purchasing", "stable"),
        "new": NP_("purchasing", "new"),
        "inactive": NP_("purchasing", "inactive"),
    },
    # -- segmentation (crmlab.segment) ---------------------------------------------------------
    "marketing_type": {
        "economic": NP_("marketing_type", "economic"),
        "ethical": NP_("marketing_type", "ethical"),
        "personalising": NP_("marketing_type", "personalising"),
        "convenience": NP_("marketing_type", "convenience"),
    },
    "management_segment": {
        "key": NP_("management_segment", "key"),
        "potential": NP_("management_segment", "potential"),
        "regular": NP_("management_segment", "regular"),
        "temporary": NP_("management_segment", "temporary"),
    },
    "time_segment": {
        "old": NP_("time_segment", "old"),
        "new": NP_("time_segment", "new"),
        "future": NP_("time_segment", "future"),
    },
    "transaction_stage": {
        "past": NP_("transaction_stage", "past"),
        "current": NP_("transaction_stage", "current"),
        "future": NP_("transaction_stage", "future"),
    },
    "cluster_name": {
        "bargain_hunters": NP_("cluster_name", "Bargain hunters"),
        "big_baskets": NP_("cluster_name", "Big-basket buyers"),
        "small_baskets": NP_("cluster_name", "Small-basket buyers"),
        "frequent_buyers": NP_("cluster_name", "Frequent buyers"),
        "occasional_buyers": NP_("cluster_name", "Occasional buyers"),
        "lapsing": NP_("cluster_name", "Lapsing customers"),
        "recently_active": NP_("cluster_name", "Recently active"),
        "high_value": NP_("cluster_name", "High-value customers"),
        "low_value": NP_("cluster_name", "Low-value customers"),
        "price_focused": NP_("cluster_name", "Price-focused"),
        "quality_seekers": NP_("cluster_name", "Quality seekers"),
        "after_sales_seekers": NP_("cluster_name", "After-sales seekers"),
        "attention_seekers": NP_("cluster_name", "Attention seekers"),
        "speed_seekers": NP_("cluster_name", "Speed seekers"),
        "average": NP_("cluster_name", "Average customers"),
    },
    "kotler_level": {
        "basic": NP_("kotler_level", "basic"),
        "reactive": NP_("kotler_level", "reactive"),
        "accountable": NP_("kotler_level", "accountable"),
        "proactive": NP_("kotler_level", "proactive"),
        "partnership": NP_("kotler_level", "partnership"),
    },
    "n_customers": {
        "many": NP_("n_customers", "many"),
        "medium": NP_("n_customers", "medium"),
        "few": NP_("n_customers", "few"),
    },
    "margin": {
        "low": NP_("margin", "low"),
        "medium": NP_("margin", "medium"),
        "high": NP_("margin", "high"),
    },
    # -- lifecycle and churn (crmlab.lifecycle) ------------------------------------------------
    "stage": {
        "establishment": NP_("stage", "establishment"),
        "development": NP_("stage", "development"),
        "maintenance": NP_("stage", "maintenance"),
        "recovery": NP_("stage", "recovery"),
        "lapsed": NP_("stage", "lapsed"),
    },
    "funnel_stage": {
        "suspect": NP_("funnel_stage", "suspect"),
        "prospect": NP_("funnel_stage", "prospect"),
        "first_time_buyer": NP_("funnel_stage", "first-time buyer"),
        "repeat_customer": NP_("funnel_stage", "repeat customer"),
        "client": NP_("funnel_stage", "client"),
        "member": NP_("funnel_stage", "member"),
        "advocate": NP_("funnel_stage", "advocate"),
        "partner": NP_("funnel_stage", "partner"),
        "lapsed": NP_("funnel_stage", "lapsed"),
    },
    "signal": {
        "badly_handled_complaint": NP_("signal", "badly handled complaint"),
        "quality_problem": NP_("signal", "quality problem"),
        "service_problem": NP_("signal", "service problem"),
        "billing_dispute": NP_("signal", "billing dispute"),
        "product_gap": NP_("signal", "product gap"),
        "price_sensitive": NP_("signal", "price sensitive"),
        "competitor_lure": NP_("signal", "lured by a competitor"),
        "frequency_decline": NP_("signal", "frequency decline"),
        "no_signal": NP_("signal", "no signal"),
    },
    # next-purchase prediction methods (crmlab.lifecycle.evaluate_next_purchase)
    "prediction_method": {
        "personal_rhythm": NP_("prediction_method", "personal rhythm"),
        "global_mean_gap": NP_("prediction_method", "global mean gap"),
    },
    # -- satisfaction and complaints (crmlab.satisfaction) -------------------------------------
    "outcome": {
        "delighted": NP_("outcome", "delighted"),
        "satisfied": NP_("outcome", "satisfied"),
        "dissatisfied": NP_("outcome", "dissatisfied"),
    },
    "quadrant": {
        "concentrate_here": NP_("quadrant", "concentrate here"),
        "keep_up_the_good_work": NP_("quadrant", "keep up the good work"),
        "low_priority": NP_("quadrant", "low priority"),
        "possible_overkill": NP_("quadrant", "possible overkill"),
    },
    "nps_class": {
        "promoter": NP_("nps_class", "promoters"),
        "passive": NP_("nps_class", "passives"),
        "detractor": NP_("nps_class", "detractors"),
    },
    "handling": {
        "well_handled": NP_("handling", "well handled"),
        "fairly_handled": NP_("handling", "fairly handled"),
        "badly_handled": NP_("handling", "badly handled"),
        "not_rated": NP_("handling", "not rated"),
    },
    "satisfaction_class": {
        "satisfied": NP_("satisfaction_class", "satisfied"),
        "neutral": NP_("satisfaction_class", "neutral"),
        "dissatisfied": NP_("satisfaction_class", "dissatisfied"),
    },
    # -- loyalty (crmlab.loyalty) --------------------------------------------------------------
    "dick_basu": {
        "true": NP_("dick_basu", "True loyalty"),
        "latent": NP_("dick_basu", "Latent loyalty"),
        "spurious": NP_("dick_basu", "Spurious loyalty"),
        "none": NP_("dick_basu", "No loyalty"),
    },
    "loyalty_cell": {
        "loyal": NP_("loyalty_cell", "loyal"),
        "hopeful": NP_("loyalty_cell", "still hopeful"),
        "easily_poached": NP_("loyalty_cell", "easily poached"),
        "destructive": NP_("loyalty_cell", "destructive"),
    },
    "loyalty_type": {
        "monopoly": NP_("loyalty_type", "monopoly loyalty"),
        "inertia": NP_("loyalty_type", "inertia loyalty"),
        "price": NP_("loyalty_type", "price loyalty"),
        "incentive": NP_("loyalty_type", "incentive loyalty"),
        "super_value": NP_("loyalty_type", "super-value loyalty"),
        "unclassified": NP_("loyalty_type", "unclassified"),
    },
    # -- the customer archive (crmlab.profile) -------------------------------------------------
    "blocking_key": {
        "phone": NP_("blocking_key", "phone"),
        "email": NP_("blocking_key", "e-mail"),
        "name_city": NP_("blocking_key", "name + city"),
        "birth_surname": NP_("blocking_key", "date of birth + surname"),
        "address": NP_("blocking_key", "address"),
    },
    # -- the capstone (crmlab.widgets.capstone) ------------------------------------------------
    "action": {
        "win_back": NP_("action", "win back"),
        "retain": NP_("action", "retain"),
        "keep_close": NP_("action", "keep close"),
        "develop": NP_("action", "develop"),
        "minimal_service": NP_("action", "minimal service"),
    },
    "churn_risk": {
        "gone": NP_("churn_risk", "gone"),
        "high": NP_("churn_risk", "high"),
        "watch": NP_("churn_risk", "watch"),
        "low": NP_("churn_risk", "low"),
    },
    "satisfaction_band": {
        "low": NP_("satisfaction_band", "low"),
        "medium": NP_("satisfaction_band", "medium"),
        "high": NP_("satisfaction_band", "high"),
        "unknown": NP_("satisfaction_band", "unknown"),
    },
}


#: Columns whose codes are of a kind with another name (``label(code, column)`` works for them).
ALIASES: dict[str, str] = {
    "main_signal": "signal",  # lifecycle.churn_signals
    "cell": "loyalty_cell",  # loyalty.loyalty_matrix_cells
    "true_grade": "grade",  # truth_accounts
    "step": "complaint_step",  # complaint_steps, satisfaction.complaint_funnel
    "satisfaction": "satisfaction_band",  # widgets.capstone.customer_review
    "method": "survey_method",  # surveys (evaluate_next_purchase's methods are found without a kind)
    "channel": "order_channel",  # orders (complaints' and campaigns' channels are found without a kind)
}


def lookup(code: str, kind: str | None = None) -> tuple[str, str] | None:
    """``(context, English name)`` of ``code``, or None if no kind names it.

    With a ``kind`` (or a column name of :data:`ALIASES`), only that kind is searched (falling
    back to a kind-less search when the kind is unknown or lacks the code). Without one, the
    code's name is returned when every kind that has the code names it alike; an ambiguous code
    gives None.
    """
    if kind is not None:
        kind = ALIASES.get(kind, kind)
        names = CODES.get(kind)
        if names is not None and code in names:
            return kind, names[code]
    found = [(k, names[code]) for k, names in CODES.items() if code in names]
    if not found or len({name for _kind, name in found}) > 1:
        return None
    return found[0]
