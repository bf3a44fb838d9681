//! Diesel's view of the tables in `migrations/`; one definition serves both backends.

diesel::table! {
    data_version (id) {
        id -> Integer,
        version -> BigInt,
    }
}

diesel::table! {
    sources (id) {
        id -> BigInt,
        key -> Text,
        title -> Text,
        publisher -> Nullable<Text>,
        url -> Nullable<Text>,
        published_on -> Nullable<Date>,
        language -> Text,
        notes -> Nullable<Text>,
        search -> Text,
        published_in -> Nullable<Text>,
    }
}

diesel::table! {
    metrics (id) {
        id -> BigInt,
        code -> Text,
        label_ru -> Text,
        label_en -> Text,
        unit -> Text,
        description -> Text,
        search -> Text,
    }
}

diesel::table! {
    organizations (id) {
        id -> BigInt,
        key -> Text,
        name -> Text,
        kind -> Text,
        city -> Nullable<Text>,
        region -> Nullable<Text>,
        notes -> Nullable<Text>,
        search -> Text,
    }
}

diesel::table! {
    people (id) {
        id -> BigInt,
        key -> Text,
        name -> Text,
        notes -> Nullable<Text>,
        search -> Text,
    }
}

diesel::table! {
    editions (id) {
        id -> BigInt,
        year -> Integer,
        number -> Nullable<Integer>,
        title -> Text,
        theme -> Nullable<Text>,
        city -> Text,
        venue -> Nullable<Text>,
        starts_on -> Nullable<Date>,
        ends_on -> Nullable<Date>,
        format -> Nullable<Text>,
        notes -> Nullable<Text>,
        search -> Text,
    }
}

diesel::table! {
    edition_sources (edition, source) {
        edition -> Integer,
        source -> Text,
    }
}

diesel::table! {
    edition_organizations (edition, role, organization) {
        edition -> Integer,
        organization -> Text,
        role -> Text,
        ordinal -> Integer,
    }
}

diesel::table! {
    appearances (id) {
        id -> BigInt,
        person -> Text,
        edition -> Integer,
        position -> Nullable<Text>,
        organization -> Nullable<Text>,
        notes -> Nullable<Text>,
    }
}

diesel::table! {
    appearance_sources (appearance_id, source) {
        appearance_id -> BigInt,
        source -> Text,
    }
}

diesel::table! {
    tracks (id) {
        id -> BigInt,
        edition -> Integer,
        key -> Text,
        title -> Text,
        description -> Nullable<Text>,
    }
}

diesel::table! {
    track_sources (track_id, source) {
        track_id -> BigInt,
        source -> Text,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        edition -> Integer,
        key -> Text,
        title -> Text,
        track -> Nullable<Text>,
        format -> Nullable<Text>,
        date -> Nullable<Date>,
        starts_at -> Nullable<Timestamp>,
        ends_at -> Nullable<Timestamp>,
        venue -> Nullable<Text>,
        description -> Nullable<Text>,
        notes -> Nullable<Text>,
        search -> Text,
    }
}

diesel::table! {
    session_participants (session_id, person) {
        session_id -> BigInt,
        person -> Text,
        role -> Text,
        position -> Nullable<Text>,
        organization -> Nullable<Text>,
        ordinal -> Integer,
    }
}

diesel::table! {
    session_sources (session_id, source) {
        session_id -> BigInt,
        source -> Text,
    }
}

diesel::table! {
    agreements (id) {
        id -> BigInt,
        edition -> Integer,
        key -> Text,
        title -> Text,
        kind -> Text,
        status -> Text,
        signed_on -> Nullable<Date>,
        source -> Text,
        notes -> Nullable<Text>,
        search -> Text,
    }
}

diesel::table! {
    agreement_parties (agreement_id, organization) {
        agreement_id -> BigInt,
        organization -> Text,
        ordinal -> Integer,
    }
}

diesel::table! {
    figures (id) {
        id -> BigInt,
        key -> Nullable<Text>,
        edition -> Integer,
        metric -> Text,
        source -> Text,
        value -> Double,
        qualifier -> Text,
        status -> Text,
        reported_on -> Nullable<Date>,
        quote -> Nullable<Text>,
        attributed_to -> Nullable<Text>,
        notes -> Nullable<Text>,
        value_from -> Nullable<Double>,
        reported_in -> Nullable<Text>,
        counted_from -> Nullable<Date>,
    }
}

diesel::table! {
    tokens (id) {
        id -> BigInt,
        name -> Text,
        scope -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    changes (id) {
        id -> BigInt,
        at -> Timestamp,
        token -> Nullable<Text>,
        action -> Text,
        resource -> Text,
        resource_key -> Text,
        before -> Nullable<Text>,
        after -> Nullable<Text>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    sources,
    metrics,
    organizations,
    people,
    editions,
    edition_sources,
    edition_organizations,
    appearances,
    appearance_sources,
    tracks,
    track_sources,
    sessions,
    session_participants,
    session_sources,
    agreements,
    agreement_parties,
    figures,
    tokens,
    changes,
);
