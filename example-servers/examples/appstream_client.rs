//! The generated AppStream client (feature `client`) calling `BatchAssociateUserStack`, at AWS
//! or at a local service such as `cargo run --example appstream_server`:
//!
//! ```sh
//! cargo run --example appstream_server -- --port 8080 &
//! AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY \
//!   cargo run --example appstream_client -- --endpoint-url http://127.0.0.1:8080 \
//!     --region us-east-1 --stack Example-Stack --user jane@example.com
//! ```
//!
//! Settings come from the environment as the AWS SDKs read them (`AWS_REGION`, `AWS_PROFILE`,
//! keys, `~/.aws/config` and `~/.aws/credentials`, `AWS_ENDPOINT_URL_APPSTREAM`); `--region`
//! and `--endpoint-url` override them. Without `--endpoint-url` it calls AWS itself.
//! `--disassociate` calls `BatchDisassociateUserStack` instead.

use generated::appstream::client::Client;
use generated::appstream::types::{
    AuthenticationType, BatchAssociateUserStackRequest, BatchDisassociateUserStackRequest,
    UserStackAssociation,
};

const USAGE: &str = "usage: appstream_client [--endpoint-url URL] [--region REGION] --stack NAME --user NAME [--auth USERPOOL|SAML|API|AWS_AD] [--disassociate]";

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut config = Client::config_from_env()?;
    let (mut stack, mut user, mut auth, mut disassociate) = (None, None, "USERPOOL".to_owned(), false);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--endpoint-url" => config = config.endpoint_url(value()?),
            "--region" => config = config.region(value()?),
            "--stack" => stack = Some(value()?),
            "--user" => user = Some(value()?),
            "--auth" => auth = value()?,
            "--disassociate" => disassociate = true,
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    let (Some(stack), Some(user)) = (stack, user) else { return Err(USAGE.to_owned()) };
    let association = UserStackAssociation::builder()
        .stack_name(stack)
        .user_name(user)
        .authentication_type(AuthenticationType::from(auth.as_str()))
        .build()
        .map_err(|e| e.to_string())?;
    let client = Client::new(config.build());
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    let errors = if disassociate {
        let input = BatchDisassociateUserStackRequest::builder()
            .user_stack_associations(vec![association])
            .build()
            .map_err(|e| e.to_string())?;
        runtime.block_on(client.batch_disassociate_user_stack(input)).map_err(|e| e.to_string())?.errors
    } else {
        let input = BatchAssociateUserStackRequest::builder()
            .user_stack_associations(vec![association])
            .build()
            .map_err(|e| e.to_string())?;
        runtime.block_on(client.batch_associate_user_stack(input)).map_err(|e| e.to_string())?.errors
    };
    match errors.unwrap_or_default().as_slice() {
        [] => println!("done"),
        errors => {
            for error in errors {
                println!(
                    "not done: {:?}: {}",
                    error.error_code.as_ref().map(|c| c.as_str()),
                    error.error_message.as_deref().unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}
