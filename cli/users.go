package cli

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"gorm.io/gorm"

	"bbbportal/audit"
	"bbbportal/i18n"
	"bbbportal/models"
)

const usersUsage = `usage: bbbportal users COMMAND [flags]

commands:
  create --email E --name N [--role teacher|admin] [--password-stdin]
  list
  set-password --email E [--password-stdin]
  disable --email E

Without --password-stdin a random password is generated and printed once.
Changing a password or disabling an account ends its sessions.`

func runUsers(args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(os.Stderr, usersUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cfg, _, ok := loadConfig()
	if !ok {
		return 2
	}
	db, err := models.Open(cfg.SQLitePath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bbbportal users: cannot open the database:", err)
		return 1
	}
	defer models.Close(db)
	w := audit.NewWriter(db)
	defer w.Close()
	return usersCommand(db, w, args, os.Stdin, os.Stdout, os.Stderr)
}

// usersCommand runs one users sub-command; it is separate from runUsers so tests can call it.
func usersCommand(db *gorm.DB, w *audit.Writer, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	name, args := args[0], args[1:]
	fs := flag.NewFlagSet("users "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("email", "", "email address of the account")
	display := fs.String("name", "", "display name (create)")
	role := fs.String("role", models.RoleTeacher, "role: teacher or admin (create)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := fs.Parse(args); err != nil {
		return exitCodeForFlagError(err)
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "bbbportal users %s: %s\n", name, fmt.Sprintf(format, a...))
		return 1
	}
	record := func(action, target string, details map[string]any) error {
		return w.Write(context.Background(), audit.Record{ActorEmail: "shell", Action: action,
			TargetType: "user", TargetID: target, Details: details, Result: audit.ResultOK})
	}
	password := func() (string, bool, error) {
		if *fromStdin {
			line, err := bufio.NewReader(stdin).ReadString('\n')
			if err != nil && !errors.Is(err, io.EOF) {
				return "", false, err
			}
			return strings.TrimRight(line, "\r\n"), false, nil
		}
		p, err := generatedPassword()
		return p, true, err
	}

	switch name {
	case "list":
		users, err := models.ListUsers(db)
		if err != nil {
			return fail("%v", err)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLE\tSTATUS")
		for _, u := range users {
			status := "active"
			if u.Disabled {
				status = "disabled"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.DisplayName, u.Role, status)
		}
		tw.Flush()
		return 0

	case "create":
		pw, generated, err := password()
		if err != nil {
			return fail("cannot read the password: %v", err)
		}
		n := models.NewUser{Email: *email, DisplayName: *display, Role: *role, Password: pw}
		if problem := n.Validate(); problem != "" {
			return fail("%s", i18n.In("en", problem))
		}
		u, err := models.CreateUser(db, n)
		if errors.Is(err, models.ErrEmailTaken) {
			return fail("an account with email %s already exists", models.NormalizeEmail(*email))
		}
		if err != nil {
			return fail("%v", err)
		}
		if err := record("user.create", fmt.Sprint(u.ID), map[string]any{"email": u.Email, "role": u.Role, "via": "shell"}); err != nil {
			return fail("%v", err)
		}
		fmt.Fprintf(stdout, "created %s (%s)\n", u.Email, u.Role)
		if generated {
			fmt.Fprintf(stdout, "password: %s\n", pw)
		}
		return 0

	case "set-password", "disable":
		u, err := models.UserByEmail(db, *email)
		if errors.Is(err, models.ErrNotFound) {
			return fail("no account with email %q", models.NormalizeEmail(*email))
		}
		if err != nil {
			return fail("%v", err)
		}
		if name == "disable" {
			if err := models.SetDisabled(db, u.ID, true); err != nil {
				return fail("%v", err)
			}
			if err := record("user.disable", fmt.Sprint(u.ID), map[string]any{"email": u.Email, "via": "shell"}); err != nil {
				return fail("%v", err)
			}
			fmt.Fprintf(stdout, "disabled %s; their sessions have ended\n", u.Email)
			return 0
		}
		pw, generated, err := password()
		if err != nil {
			return fail("cannot read the password: %v", err)
		}
		if problem := models.PasswordProblem(pw); problem != "" {
			return fail("%s", i18n.In("en", problem))
		}
		if err := models.SetPassword(db, u.ID, pw); err != nil {
			return fail("%v", err)
		}
		if err := record("user.password", fmt.Sprint(u.ID), map[string]any{"email": u.Email, "via": "shell"}); err != nil {
			return fail("%v", err)
		}
		fmt.Fprintf(stdout, "password of %s changed; their sessions have ended\n", u.Email)
		if generated {
			fmt.Fprintf(stdout, "password: %s\n", pw)
		}
		return 0
	}
	fmt.Fprintln(stderr, usersUsage)
	return 2
}

func generatedPassword() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
