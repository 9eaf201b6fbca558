//! Property tests over generated code (feature `arbitrary`), driven by proptest:
//!
//! - round trips, for every operation of the seed services in `generated/`, of this
//!   repository's test models and of corpus services of each JSON protocol (the last two
//!   generated at test time into one crate under `target/`, built and tested there):
//!   an input sent by the client and read by the server half (unvalidated) is the input; an
//!   output written by the server and read by the client is the output; each modeled error
//!   written by the server is read by the client as the same variant holding the same value
//!   (`properties/harness.rs`, which also says how NaN is compared);
//! - validation, over every operation input of the same services: a value that satisfies every
//!   constraint of the model validates clean, and one made to break exactly one constraint
//!   gives exactly one violation, at its JSON pointer (`properties/constraints.rs`, which builds
//!   the values from the model, independently of the generated code).

#[path = "properties/constraints.rs"]
mod constraints;
#[path = "properties/harness.rs"]
mod harness;
#[path = "properties/listing.rs"]
mod listing;
mod scratch;
#[path = "properties/validation.rs"]
mod validation;

use std::path::Path;

pub(crate) use generated::runtime;

mod appstream {
    use generated::appstream as service;

    crate::round_trips! {
        BatchAssociateUserStack => BatchAssociateUserStackError [
            InvalidParameterCombinationException, OperationNotPermittedException,
        ];
        BatchDisassociateUserStack => BatchDisassociateUserStackError [
            InvalidParameterCombinationException, OperationNotPermittedException,
        ];
    }
}

mod appfabric {
    use generated::appfabric as service;

    crate::round_trips! {
        BatchGetUserAccessTasks => BatchGetUserAccessTasksError [
            AccessDeniedException, InternalServerException, ResourceNotFoundException,
            ThrottlingException, ValidationException,
        ];
        StartUserAccessTasks => StartUserAccessTasksError [
            AccessDeniedException, InternalServerException, ResourceNotFoundException,
            ThrottlingException, ValidationException,
        ];
    }
}

/// The invocations above cover every operation and every modeled error of `generated/`.
#[test]
fn the_seed_round_trips_cover_every_operation_and_error() {
    let src = scratch::workspace_root().join("generated/src");
    for (module, listed) in [("appstream", appstream::LISTING), ("appfabric", appfabric::LISTING)] {
        let mut found: Vec<(String, String, Vec<String>)> = listing::operations(&src.join(module))
            .into_iter()
            .map(|op| (op.name, op.error, op.variants))
            .collect();
        let mut listed: Vec<(String, String, Vec<String>)> = listed
            .iter()
            .map(|(op, error, variants)| {
                (op.to_string(), error.to_string(), variants.iter().map(|v| v.to_string()).collect())
            })
            .collect();
        found.sort();
        listed.sort();
        assert_eq!(listed, found, "{module}: the round_trips! invocation is out of date");
    }
}

/// Validation over every operation input of the seed services, in process: drawn valid
/// inputs validate clean, and each one-constraint break gives exactly its violation.
#[test]
fn seed_inputs_validate_as_the_model_says() {
    type RequestFromJson =
        fn(&str, &[u8], bool) -> Option<Result<runtime::HttpRequest, runtime::RequestError>>;
    let services: [(&str, &str, RequestFromJson); 2] = [
        ("models/appstream.json", "appstream", generated::appstream::operations::request_from_json),
        ("models/appfabric.json", "appfabric", generated::appfabric::operations::request_from_json),
    ];
    for (file, module, request_from_json) in services {
        let model = codegen::load_model(&scratch::workspace_root().join(file)).unwrap();
        let service = codegen::standalone::find_service(&model, None).unwrap();
        let seeded = generated_operations(module);
        let operations: Vec<_> = constraints::operations(&model, &service)
            .into_iter()
            .filter(|(name, _)| seeded.contains(name))
            .collect();
        assert_eq!(operations.len(), seeded.len(), "{module}: {seeded:?}");
        let broken = std::cell::Cell::new(0);
        for (operation, input) in &operations {
            harness::check(&format!("{module}::{operation}::validation"), &|data| {
                let mut u = arbitrary::Unstructured::new(data);
                let Some(cases) = constraints::operation_cases(&model, module, operation, input, &mut u)
                else {
                    return Ok(());
                };
                broken.set(broken.get() + cases.len() - 1);
                for case in cases {
                    let json = serde_json::to_vec(&case.input).unwrap();
                    validation::expect(request_from_json(operation, &json, true), &case.violations).map_err(
                        |why| {
                            proptest::test_runner::TestCaseError::fail(format!(
                                "{} ({}): {why}\n  input {}",
                                operation, case.what, case.input
                            ))
                        },
                    )?;
                }
                Ok(())
            });
        }
        assert!(broken.get() > 50, "{module}: only {} broken inputs drawn", broken.get());
    }
}

/// The operations the seed configuration (`models/codegen.toml`) generates for a module.
fn generated_operations(module: &str) -> Vec<String> {
    let dir = scratch::workspace_root().join("generated/src").join(module);
    listing::operations(&dir).into_iter().map(|op| op.name).collect()
}

/// Per operation name, why its input and why its output cannot round trip, read from the
/// model: event streams (which the generated code does not carry), and an
/// `@httpPrefixHeaders("")` map, which a reader fills with every header of the message
/// (`Content-Length` included), so no value of it reads back as itself.
fn unroundtrippable(
    model: &codegen::model::Model,
    service: &codegen::model::ShapeId,
) -> std::collections::BTreeMap<String, (Option<String>, Option<String>)> {
    use codegen::model::ShapeKind;
    let why = |io: &codegen::model::ShapeId| -> Option<String> {
        if *io == codegen::prelude::unit() {
            return None;
        }
        model.expect(io).members().iter().find_map(|m| {
            let target = model.expect(&m.target);
            if matches!(target.kind, ShapeKind::Union(_)) && target.has_trait("smithy.api#streaming") {
                return Some(format!("`{}` is an event stream", m.name));
            }
            let prefix = m.trait_value("smithy.api#httpPrefixHeaders").and_then(|p| p.as_str());
            (prefix == Some("")).then(|| format!("`{}` is @httpPrefixHeaders(\"\"): every header", m.name))
        })
    };
    let selection = codegen::closure::select(model, service, None).unwrap();
    selection
        .operations
        .iter()
        .filter_map(|op| match &model.expect(op).kind {
            ShapeKind::Operation(o) => {
                let (input, output) = (why(&o.input), why(&o.output));
                // The server half refuses every request of an operation with an event stream.
                let stream = output.as_ref().filter(|w| w.contains("event stream"));
                let input = input.or_else(|| stream.map(|w| format!("the output's {w}")));
                (input.is_some() || output.is_some()).then(|| (op.name().to_owned(), (input, output)))
            }
            _ => None,
        })
        .collect()
}

/// This repository's own models, always there: every simple type, timestamp format and
/// collection kind with a recursive union (`property-types.json`, awsJson1_0), and the naming
/// edge cases (`edge-cases.json`, restJson1 with every HTTP binding; `edge-cases-awsjson.json`,
/// awsJson1_1 with a union member named `Unknown` and documents).
const LOCAL: &[&str] = &["property-types.json", "edge-cases.json", "edge-cases-awsjson.json"];

/// Corpus services (`../shared/aws-models`, when present), two per JSON protocol, chosen for
/// what they hold: maps of structures holding blobs and lists, enum keys (SQS); timestamps,
/// doubles and nested rows (Timestream Query); awsJson1_1 maps and lists (Cognito Identity,
/// Kinesis); restJson1 headers, blob payloads and response codes (SageMaker Runtime); labels,
/// query strings, `@httpQueryParams`, `@httpPrefixHeaders`, payloads (Data Exchange). Larger
/// services (DynamoDB) would double the build; `cargo xtask corpus` compiles them all.
const CORPUS: &[&str] = &[
    "sqs.json",
    "timestream-query.json",
    "cognito-identity.json",
    "kinesis.json",
    "sagemaker-runtime.json",
    "dataexchange.json",
];

/// Valid inputs drawn per operation (each with up to six broken variants).
const CORPUS_INPUTS: u32 = 3;

/// The crate the services are generated into, all in one (compiled once).
const CORPUS_CRATE: &str = "property_corpus";

/// This repository's models and the corpus services generated into one crate under `target/`,
/// sharing this workspace's runtime, with the round-trip tests (harness and invocations from
/// its sources) and the validation cases (`constraints`) as its own tests, run with
/// `cargo test` there.
#[test]
fn corpus_services_round_trip_and_validate() {
    let started = std::time::Instant::now();
    let corpus_dir = scratch::workspace_root().join("../shared/aws-models");
    let mut paths: Vec<std::path::PathBuf> = LOCAL.iter().map(|f| scratch::model_path(f)).collect();
    if corpus_dir.is_dir() {
        paths.extend(CORPUS.iter().map(|f| corpus_dir.join(f)));
    } else {
        eprintln!("../shared/aws-models not found: this repository's models only");
    }
    let models: Vec<(String, codegen::model::Model)> = paths
        .iter()
        .map(|path| {
            let model = codegen::load_model(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path.file_name().unwrap().to_string_lossy().into_owned(), model)
        })
        .collect();
    let mut requests = Vec::new();
    for (file, model) in &models {
        let service = codegen::standalone::find_service(model, None).unwrap();
        let module = codegen::standalone::module_name(model, &service);
        requests.push(codegen::ServiceRequest {
            model,
            service,
            operations: None,
            extra_operations: &[],
            module,
            source: file.clone(),
        });
    }
    let dir = scratch::Scratch::dir_of(CORPUS_CRATE);
    let runtime =
        codegen::RuntimeLocation::relative(&dir, &scratch::workspace_root().join("runtime")).unwrap();
    let sources: Vec<String> = models.iter().map(|(file, _)| file.clone()).collect();
    let mut files = codegen::generate_crate_full(CORPUS_CRATE, &requests, &sources, &runtime).unwrap().files;
    for file in &mut files {
        if file.path == Path::new("Cargo.toml") {
            file.contents.push_str(
                "\n[dev-dependencies]\nproptest = { version = \"1\", default-features = false, features = [\"std\"] }\n\
                 arbitrary = \"1\"\nserde_json = \"1\"\n\n[workspace]\n\n\
                 # Built once per test run, from scratch on CI: no debug info, no incremental state.\n\
                 [profile.dev]\ndebug = false\nincremental = false\n",
            );
        }
    }
    let crate_dir = scratch::Scratch::write(CORPUS_CRATE, &files);

    let mut test = format!(
        "//! Written by codegen's `tests/properties.rs`.\n\n\
         #[path = \"properties/harness.rs\"]\nmod harness;\n#[path = \"properties/validation.rs\"]\n\
         mod validation;\n\npub(crate) use {CORPUS_CRATE}::runtime;\n\n"
    );
    let mut cases = Vec::new();
    for (request, (file, model)) in requests.iter().zip(&models) {
        let operations = listing::operations(&crate_dir.dir.join("src").join(&request.module));
        assert!(!operations.is_empty(), "{file}: no operations found");
        let skips = unroundtrippable(model, &request.service);
        test.push_str(&listing::invocation(CORPUS_CRATE, &request.module, &operations, &skips));
        cases.extend(constraints::cases(model, &request.service, &request.module, CORPUS_INPUTS));
    }
    let broken = cases.iter().filter(|c| !c.violations.is_empty()).count();
    assert!(broken * 2 > cases.len(), "{broken} of {} cases break a constraint", cases.len());
    test.push_str(&constraints::corpus_test(
        CORPUS_CRATE,
        &requests.iter().map(|r| r.module.clone()).collect::<Vec<_>>(),
        cases.len(),
    ));
    let support = crate_dir.dir.join("tests/properties");
    std::fs::create_dir_all(&support).unwrap();
    std::fs::write(support.join("harness.rs"), include_str!("properties/harness.rs")).unwrap();
    std::fs::write(support.join("validation.rs"), include_str!("properties/validation.rs")).unwrap();
    std::fs::write(crate_dir.dir.join("tests/cases.json"), constraints::cases_json(&cases)).unwrap();
    crate_dir.add_test("properties", &test);
    let generated = started.elapsed();
    crate_dir.cargo(&[
        "test",
        "--quiet",
        "--offline",
        "--features",
        "server,cli-json,arbitrary",
        "--test",
        "properties",
    ]);
    eprintln!(
        "corpus properties: {} services, {} validation cases; generated in {:.1?}, built and run in {:.1?}",
        models.len(),
        cases.len(),
        generated,
        started.elapsed() - generated
    );
}
